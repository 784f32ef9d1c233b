import { randomBytes } from 'node:crypto';
import type { Frame } from '../remote/frame.js';
import { splitPieces } from '../remote/upload-script.js';
import { buildCommitScript, buildTarExtractScript, readWriteResult } from '../remote/write-file-scripts.js';
import { PIECE_CHARS, removeUpload, uploadPieces } from '../session/uploader.js';
import { sha256Hex } from './content.js';
import { TransferError, failureFromScript } from './errors.js';
import type { RemoteStat } from '../remote/read-file-scripts.js';
import { fingerprintOf, statRemote } from './stat-remote.js';
import { checkPath, context, runScript, type TransferOptions, type TransferSession } from './transfer-script.js';

/** How a file was written. */
export interface UploadResult {
  path: string;
  size: number;
  sha256: string;
  mode: number;
  /** The file did not exist before. */
  created: boolean;
  /** Written by renaming a temp file over it (else copied in place, to keep its owner, links or a read-only directory). */
  atomic: boolean;
}


/** Options of uploadFile. */
export interface UploadOptions extends TransferOptions {
  /**
   * Refuse (TransferError 'changed') unless the remote file still is what was downloaded: pass
   * the download's `fingerprint`; null means the file must not exist (a new file); undefined: no check.
   */
  expectedRemoteSha?: string | null;
  /** Mode bits of a file that does not exist yet, before the user's umask (default 0o666). */
  newFileMode?: number;
}


/** Characters of payload a commit script may carry inline (it has the commit program besides). */
export const INLINE_CHARS = 34_000;

/** Refuses early, before any piece travels, what the commit would refuse anyway. */
function precheck(stat: RemoteStat, expected: string | null | undefined): void {
  if (stat.type === 'dir') throw new TransferError('is-directory', `${stat.path} is a directory`);
  if (stat.type === 'other') throw new TransferError('not-regular', `${stat.path} is not a regular file`);
  if (stat.type === 'nodir') throw new TransferError('no-directory', `${stat.path}: no such directory`);
  if (stat.type === 'denied') throw new TransferError('denied', `${stat.path}: permission denied`);
  if (expected === null && stat.type !== 'missing') throw new TransferError('changed', `${stat.path} was created since it was read`);
  if (typeof expected === 'string') {
    if (stat.type === 'missing') throw new TransferError('changed', `${stat.path} was removed since it was read`);
    // A sha256 is compared only when the stat hashed the file; the commit checks again anyway.
    const comparable = expected.startsWith('nosha:') || stat.sha256 !== null;
    if (stat.type === 'file' && comparable && fingerprintOf(stat) !== expected) throw new TransferError('changed', `${stat.path} changed since it was read`);
  }
  if (!stat.writable) throw new TransferError('denied', `${stat.type === 'missing' ? `cannot create ${stat.path}` : stat.path}: permission denied`);
}

/** Sends the pieces of an upload with the one piece uploader, reporting progress in bytes of the file. */
function sendPieces(session: TransferSession, data: Buffer, options: TransferOptions, comment: string): Promise<string> {
  return uploadPieces(session.channel, session.id, data, {
    line: comment,
    tag: '(piece)',
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) => options.onProgress?.({ done, total }),
  });
}

/** A write script's result, or its TransferError. */
function written(frame: Frame): { fields: string[]; path: string } {
  const r = readWriteResult(frame);
  if (r.ok) return r;
  if (r.reason === 'noresult') throw new TransferError('failed', `the write to ${r.path || 'the instance'} failed: ${r.message || 'no result'}`);
  throw new TransferError(failureFromScript(r.reason), r.message || `the write to ${r.path} failed`);
}

/**
 * Uploads bytes to a remote file, byte-exact and atomically: the data goes in pieces (several at
 * once, each under the request budget, gzip+base64 when it helps) to a private directory in the
 * session spool, then one commit script has the session user write it to a temp file beside the
 * target, checks its sha256, gives it the old file's mode and owner (a new file: the user's, with
 * their umask) and renames it into place. Small data travels inside the commit itself (one round
 * trip). Nothing is left behind on failure; the target is untouched unless the commit succeeds.
 */
export async function uploadFile(session: TransferSession, remotePath: string, data: Buffer, options: UploadOptions = {}): Promise<UploadResult> {
  checkPath(remotePath);
  const sha = sha256Hex(data);
  const pieces = splitPieces(data, session.channel.encoding, PIECE_CHARS);
  const onlyPiece = pieces[0];
  const inline = pieces.length === 0 ? { payload: '', encoding: 'b64' as const } : pieces.length === 1 && onlyPiece && onlyPiece.payload.length <= INLINE_CHARS ? onlyPiece : undefined;
  const commitOptions = {
    sha256: sha,
    size: data.length,
    ...(options.expectedRemoteSha !== undefined ? { expected: options.expectedRemoteSha } : {}),
    ...(options.newFileMode !== undefined ? { newFileMode: options.newFileMode } : {}),
  };
  if (inline) {
    const script = buildCommitScript(context(session), remotePath, { ...commitOptions, tag: randomBytes(8).toString('hex'), inline: { payload: inline.payload, encoding: inline.encoding } });
    const frame = await runScript(session, script, `(put) ${remotePath}`, options.signal);
    options.onProgress?.({ done: data.length, total: data.length });
    return uploadResult(frame, data.length, sha);
  }
  // Refuse before the pieces travel what the commit would refuse after.
  const expected = options.expectedRemoteSha;
  const needHash = typeof expected === 'string' && !expected.startsWith('nosha:');
  precheck(await statRemote(session, remotePath, { hash: needHash, ...(options.signal ? { signal: options.signal } : {}) }), expected);
  const tag = await sendPieces(session, data, options, `(put piece) ${remotePath}`);
  try {
    // The commit removes the pieces whatever its outcome; they stay only if it never ran.
    const frame = await runScript(session, buildCommitScript(context(session), remotePath, { ...commitOptions, tag }), `(put) ${remotePath}`, options.signal);
    return uploadResult(frame, data.length, sha);
  } catch (error) {
    if (!(error instanceof TransferError)) await removeUpload(session.channel, session.id, tag, `(put) ${remotePath}`);
    throw error;
  }
}

function uploadResult(frame: Frame, size: number, sha: string): UploadResult {
  const { fields, path } = written(frame);
  const [created, atomic, mode] = fields;
  return { path, size, sha256: sha, mode: parseInt(mode ?? '0', 8), created: created === '1', atomic: atomic === '1' };
}


/** Where an uploaded tree went. */
export interface TreeUpload {
  /** The directory the tree now is. */
  path: string;
  /** It was created (else merged into an existing directory). */
  created: boolean;
}

/**
 * Uploads a directory tree packed by tar locally (members `./…`): the archive travels in pieces,
 * is sha256-checked on the instance, then unpacked by the session user into `remotePath/<name>`
 * when remotePath is an existing directory, else into a new `remotePath` (unpacked beside it and
 * renamed, so it appears whole). Modes are kept; the files belong to the session user.
 */
export async function uploadTree(session: TransferSession, remotePath: string, tar: Buffer, name: string, options: TransferOptions = {}): Promise<TreeUpload> {
  checkPath(remotePath);
  const tag = await sendPieces(session, tar, options, `(put -r piece) ${remotePath}`);
  try {
    const frame = await runScript(session, buildTarExtractScript(context(session), remotePath, { tag, sha256: sha256Hex(tar), name }), `(put -r) ${remotePath}`, options.signal, 3600);
    const { fields } = written(frame);
    const [created, ...rest] = fields;
    return { path: rest.join(' '), created: created === '1' };
  } catch (error) {
    if (!(error instanceof TransferError)) await removeUpload(session.channel, session.id, tag, `(put -r) ${remotePath}`);
    throw error;
  }
}
