import { randomBytes } from 'node:crypto';
import { decodeWord, type Frame } from '../remote/frame.js';
import { resultOf, type ReadSource } from '../remote/file-head.js';
import { buildRangeScript, buildSpoolCleanupScript, buildStatScript, buildTarCreateScript, readFileStat, type RemoteStat } from '../remote/read-file-scripts.js';
import { formatBytes, sha256Hex } from './content.js';
import { TransferError } from './errors.js';
import { fingerprintOf } from './stat-remote.js';
import { checkPath, context, FRAME_SLACK, learnEncoding, runScript, type TransferOptions, type TransferSession } from './transfer-script.js';

export type { RemoteStat };
export { fingerprintOf, statRemote } from './stat-remote.js';
export type { TransferOptions, TransferProgress, TransferSession } from './transfer-script.js';
// Writes live in remote-writes.ts; callers take both from here.
export { INLINE_CHARS, uploadFile, uploadTree, type TreeUpload, type UploadOptions, type UploadResult } from './remote-writes.js';

/** A downloaded file: its bytes and what it was on the instance. */
export interface DownloadResult extends RemoteStat {
  data: Buffer;
  /**
   * What the file was when read, for uploadFile's `expectedRemoteSha`: its sha256, or on an
   * instance without any sha256 tool `nosha:<size>:<mtime>`.
   */
  fingerprint: string;
}


/** Options of downloadFile. */
export interface DownloadOptions extends TransferOptions {
  /** Refuse (TransferError 'too-large', before reading it) a file larger than this. */
  maxBytes?: number;
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
