import { randomBytes } from 'node:crypto';
import { decodeWord, parseFrames, type Frame } from '../remote/frame.js';
import { resultOf, type FileContext, type ReadSource } from '../remote/file-head.js';
import { buildRangeScript, buildSpoolCleanupScript, buildStatScript, buildTarCreateScript, readFileStat, type RemoteStat } from '../remote/read-file-scripts.js';
import { buildCommitScript, buildTarExtractScript, readWriteResult } from '../remote/write-file-scripts.js';
import { splitPieces } from '../remote/upload-script.js';
import type { Channel } from '../session/channel.js';
import type { SessionPlace } from '../session/events.js';
import { PIECE_CHARS, removeUpload, uploadPieces } from '../session/uploader.js';
import { SmshError } from '../util/smsh-error.js';
import { formatBytes, sha256Hex } from './content.js';
import { TransferError, failureFromScript } from './errors.js';

export type { RemoteStat };

/** What the transfer functions need of a session (src/session's Session has it all). */
export interface TransferSession {
  readonly id: string;
  place(): SessionPlace;
  /** Every script goes through the session's channel, and so under its worker budget. */
  readonly channel: Channel;
}

/** Progress of one transfer, in bytes of the file (or archive). */
export interface TransferProgress {
  done: number;
  total: number;
}

/** Options every transfer takes. */
export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}

/** A downloaded file: its bytes and what it was on the instance. */
export interface DownloadResult extends RemoteStat {
  data: Buffer;
  /**
   * What the file was when read, for uploadFile's `expectedRemoteSha`: its sha256, or on an
   * instance without any sha256 tool `nosha:<size>:<mtime>`.
   */
  fingerprint: string;
}

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

/** Options of downloadFile. */
export interface DownloadOptions extends TransferOptions {
  /** Refuse (TransferError 'too-large', before reading it) a file larger than this. */
  maxBytes?: number;
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
/** Frame room kept for keys besides the chunk. */
const FRAME_SLACK = 600;

function context(session: TransferSession): FileContext {
  const p = session.place();
  return { sessionId: session.id, user: p.user, cwd: p.cwd, home: p.home, depth: p.depth };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Sends one script through the channel, waits for it, and returns its frame; a missing or broken frame is one clear error. */
async function runScript(session: TransferSession, script: string, comment: string, signal: AbortSignal | undefined, timeoutSeconds = 300): Promise<Frame> {
  signal?.throwIfAborted();
  if (script.length > 48_000) throw new SmshError('internal', `a transfer script grew to ${script.length} characters`);
  const inv = await session.channel.run(script, { line: comment, timeoutSeconds, expectSoon: true, ...(signal ? { signal } : {}) });
  let frame: Frame | undefined;
  try {
    frame = parseFrames(inv.stdout)[0];
  } catch {
    frame = undefined;
  }
  if (frame === undefined) {
    const why = firstLine(inv.stderr) || inv.statusDetails || inv.status;
    throw new TransferError('failed', `the transfer step ${comment} failed on the instance: ${why}`);
  }
  return frame;
}

/** A stat frame says what the instance decodes: the channel keeps it (one cache for the session). */
function learnEncoding(session: TransferSession, frame: Frame): void {
  const enc = frame.values.get('enc');
  if (enc === 'gz64' || enc === 'b64' || enc === 'hex') session.channel.encoding = enc;
}

/** The fingerprint of a file for change detection: sha256, or size and mtime where the instance cannot hash. */
export function fingerprintOf(stat: RemoteStat): string {
  return stat.sha256 ?? `nosha:${stat.size}:${stat.mtime}`;
}

/**
 * Stats a remote path as the session user (relative to the session cwd, `~` expanded). With
 * `hash`, a readable file's sha256 too (it is read whole on the instance). Never throws for a
 * missing or forbidden path: the type says so.
 */
export async function statRemote(session: TransferSession, remotePath: string, options: { hash?: boolean; signal?: AbortSignal } = {}): Promise<RemoteStat> {
  checkPath(remotePath);
  const script = buildStatScript(context(session), remotePath, { hash: options.hash === true, firstChunk: 0, budget: session.channel.frameBudget });
  const frame = await runScript(session, script, `(stat) ${remotePath}`, options.signal);
  learnEncoding(session, frame);
  if (frame.values.get('type') === 'nouser') throw new TransferError('denied', resultOf(frame));
  return readFileStat(frame, remotePath);
}

function checkPath(remotePath: string): void {
  if (remotePath === '') throw new SmshError('usage', 'empty remote path');
  if (remotePath.includes('\0')) throw new SmshError('usage', 'a path cannot contain a NUL byte');
}

/** The error for a path that cannot be read as a file. */
function notReadable(stat: RemoteStat): TransferError {
  switch (stat.type) {
    case 'dir':
      return new TransferError('is-directory', `${stat.path} is a directory`);
    case 'missing':
      return new TransferError('not-found', `${stat.path}: no such file`);
    case 'nodir':
      return new TransferError('not-found', `${stat.path}: no such file or directory`);
    case 'denied':
    case 'unreadable':
      return new TransferError('denied', `${stat.path}: permission denied`);
    default:
      return new TransferError('not-regular', `${stat.path} is not a regular file`);
  }
}


/**
 * Downloads a remote file byte-exact: a first script stats it, hashes it and returns its first
 * frame of bytes (a small file costs one round trip); the rest comes by range reads, several at
 * once, each fitting the frame budget (gzip+base64 when the instance has both). The bytes are
 * checked against the instance's sha256 (or the size, without a tool); a file that changed while
 * it was read is read once more, then refused ('verify').
 */
export async function downloadFile(session: TransferSession, remotePath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  checkPath(remotePath);
  for (let attempt = 0; ; attempt++) {
    const ctx = context(session);
    const budget = session.channel.frameBudget - FRAME_SLACK;
    const frame = await runScript(session, buildStatScript(ctx, remotePath, { hash: true, firstChunk: 65_536, budget }), `(get) ${remotePath}`, options.signal);
    learnEncoding(session, frame);
    if (frame.values.get('type') === 'nouser') throw new TransferError('denied', resultOf(frame));
    const stat = readFileStat(frame, remotePath);
    if (stat.type !== 'file') throw notReadable(stat);
    if (options.maxBytes !== undefined && stat.size > options.maxBytes) {
      throw new TransferError('too-large', `${stat.path} is ${formatBytes(stat.size)}, over the limit of ${formatBytes(options.maxBytes)}`);
    }
    const data = await readRanges(session, { kind: 'path', path: stat.path }, stat.size, frame, options, `(get range) ${remotePath}`);
    const sha = sha256Hex(data);
    if (stat.sha256 === null || sha === stat.sha256) return { ...stat, data, sha256: sha, fingerprint: stat.sha256 ?? fingerprintOf(stat) };
    if (attempt >= 1) throw new TransferError('verify', `${stat.path} changed while it was being read (sha256 differs); try again`);
  }
}

/**
 * Reads `size` bytes of a source into one buffer: the first frame's chunk, then ranges by
 * `parallelReaders` workers. A range that came back short (the frame budget) leaves its rest for
 * the next worker; a range that returned nothing means the file shrank.
 */
async function readRanges(session: TransferSession, source: ReadSource, size: number, first: Frame, options: TransferOptions, comment: string): Promise<Buffer> {
  const data = Buffer.alloc(size);
  let received = 0;
  const pending: Array<[number, number]> = [];
  let next = 0;
  let estimate = 65_536;
  const place = (frame: Frame): number => {
    const base = Number(frame.values.get('at') ?? '0');
    let got = 0;
    for (const chunk of frame.chunks) {
      if (chunk.stream !== 'stdout') continue;
      const at = base + chunk.offset;
      if (at + chunk.data.length > size) throw new TransferError('verify', `${sourceLabel(source)} grew while it was being read; try again`);
      chunk.data.copy(data, at);
      got += chunk.data.length;
    }
    return got;
  };
  const firstGot = place(first);
  received += firstGot;
  next = firstGot;
  if (firstGot > 0 && firstGot < size) estimate = Math.max(4096, firstGot);
  options.onProgress?.({ done: received, total: size });
  const budget = session.channel.frameBudget - FRAME_SLACK;
  const ctx = context(session);
  const take = (): [number, number] | undefined => {
    const retry = pending.shift();
    if (retry) return retry;
    if (next >= size) return undefined;
    const range: [number, number] = [next, Math.min(size, next + estimate)];
    next = range[1];
    return range;
  };
  const worker = async (): Promise<void> => {
    for (let range = take(); range; range = take()) {
      const [from, to] = range;
      const frame = await runScript(session, buildRangeScript(ctx, source, from, to - from, budget), comment, options.signal);
      if (frame.kind !== 'frange' || frame.values.get('type') === 'missing') throw new TransferError('verify', `${sourceLabel(source)} disappeared while it was being read`);
      const got = place(frame);
      if (got === 0) throw new TransferError('verify', `${sourceLabel(source)} shrank while it was being read; try again`);
      // A short range hit the frame budget: that much fits at the first try next time. A full one
      // may have room to spare (compressible data): ask for more.
      if (got < to - from) {
        pending.push([from + got, to]);
        estimate = Math.max(4096, got);
      } else if (to - from >= estimate) estimate = Math.min(4 * 1024 * 1024, estimate * 2);
      received += got;
      options.onProgress?.({ done: received, total: size });
    }
  };
  while (next < size || pending.length > 0) {
    const workers = Math.max(1, Math.min(session.channel.budget.size, Math.ceil((size - next) / estimate) + pending.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }
  return data;
}

function sourceLabel(source: ReadSource): string {
  return source.kind === 'path' ? source.path : 'the archive';
}

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

/** Removes spool files a failed or interrupted transfer left (best effort: the session's end removes them anyway). */
async function cleanup(session: TransferSession, names: string[]): Promise<void> {
  try {
    await session.channel.run(buildSpoolCleanupScript(session.id, names), { line: '(transfer cleanup)', timeoutSeconds: 60, control: true, expectSoon: true, signal: AbortSignal.timeout(30_000) });
  } catch {
    // The session's end script removes the whole spool.
  }
}

/** A directory tree packed by tar on the instance. */
export interface TreeDownload {
  /** The resolved remote directory. */
  path: string;
  /** The tar archive of its contents (members `./…`). */
  tar: Buffer;
  /** tar's complaint when it exited 1 (a file changed while it was read), else undefined. */
  warning?: string;
}

/**
 * Downloads a directory tree: tar on the instance packs it (as the session user) into the spool,
 * then the archive comes like a file (ranges in parallel, sha256-checked) and is removed.
 */
export async function downloadTree(session: TransferSession, remotePath: string, options: TransferOptions = {}): Promise<TreeDownload> {
  checkPath(remotePath);
  const name = `t${randomBytes(8).toString('hex')}.tar`;
  const budget = session.channel.frameBudget - FRAME_SLACK;
  try {
    const frame = await runScript(session, buildTarCreateScript(context(session), remotePath, name, { firstChunk: 65_536, budget }), `(get -r) ${remotePath}`, options.signal, 3600);
    learnEncoding(session, frame);
    const encodedPath = frame.values.get('path');
    const path = encodedPath ? decodeWord(encodedPath).toString() : remotePath;
    const type = frame.values.get('type');
    if (type === 'tarfail') throw new TransferError('failed', `tar on the instance failed for ${path}: ${resultOf(frame) || 'no message'}`);
    if (type !== 'tar') {
      const stat = readFileStat(frame, remotePath);
      if (stat.type === 'file' || stat.type === 'other' || stat.type === 'unreadable') throw new TransferError('not-directory', `${path} is not a directory`);
      throw notReadable(stat);
    }
    const stat = readFileStat(frame, remotePath);
    const tar = await readRanges(session, { kind: 'spool', name }, stat.size, frame, options, `(get -r range) ${remotePath}`);
    if (stat.sha256 !== null && sha256Hex(tar) !== stat.sha256) throw new TransferError('verify', `the archive of ${path} did not arrive intact (sha256 differs)`);
    const warning = frame.values.get('warning');
    return { path, tar, ...(warning ? { warning: decodeWord(warning).toString() } : {}) };
  } finally {
    await cleanup(session, [name]);
  }
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
