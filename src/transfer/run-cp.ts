import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseCpArgs, type CpArgs, type CpEndpoint } from '../cli/cp-args.js';
import { openSession } from '../cli/open-session.js';
import { describeError } from '../util/errno-words.js';
import { SmshError } from '../util/smsh-error.js';
import { isTransferError } from './errors.js';
import { packLocalDir, unpackLocalTree, writeLocalFile } from './local-files.js';
import { createProgressBar, type ProgressStream } from './progress.js';
import { downloadFile, downloadTree, statRemote, uploadFile, uploadTree, type TransferOptions, type TransferSession } from './remote-files.js';

/** Where `smsh cp` reports: stderr, with a progress bar when it is a TTY. */
export interface CpIo {
  stderr: ProgressStream & { isTTY?: boolean };
}

type Remote = Extract<CpEndpoint, { kind: 'remote' }>;

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** `smsh cp …` from main: parses the words after `cp` and copies. Exit 0, or 255 through a thrown SmshError. */
export async function runCpCommand(argv: string[]): Promise<number> {
  const args = parseCpArgs(argv, (text) => process.stdout.write(text));
  if (args === 'exit') return 0;
  return runCp(args, { stderr: process.stderr });
}

/**
 * Copies one file or (with -r) one directory tree between this machine and an instance: opens a
 * session on the target (as `smsh <target>` would), transfers with sha256 checks, and ends the
 * session, which removes everything it left on the instance. SIGINT/SIGTERM stop the transfer
 * (exit 130/143); the destination is then untouched.
 */
export async function runCp(args: CpArgs, io: CpIo): Promise<number> {
  const remote = (args.from.kind === 'remote' ? args.from : args.to) as Remote;
  const abort = new AbortController();
  let signalName = '';
  const onSignal = (name: NodeJS.Signals) => {
    signalName = name;
    abort.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const opened = await openSession({
      target: remote.target,
      local: args.local,
      profile: args.profile,
      region: args.region,
      endpointUrl: args.endpointUrl,
      signal: abort.signal,
    });
    try {
      if (args.from.kind === 'remote') await download(opened.session, args.from.path, (args.to as { path: string }).path, args, io, abort.signal);
      else await upload(opened.session, args.from.path, remote.path, args, io, abort.signal);
    } finally {
      await opened.close();
    }
    return 0;
  } catch (error) {
    if (abort.signal.aborted && !isTransferError(error)) {
      io.stderr.write('smsh: cp interrupted; the destination is unchanged\n');
      return SIGNAL_CODES[signalName] ?? 130;
    }
    throw error;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

/** Progress options for one transfer: a bar on a TTY unless --quiet. */
function progress(label: string, args: CpArgs, io: CpIo, signal: AbortSignal): TransferOptions & { finish(): void } {
  if (args.quiet || io.stderr.isTTY !== true) return { signal, finish() {} };
  const bar = createProgressBar(io.stderr, label);
  let used = false;
  return {
    signal,
    onProgress: (p) => {
      used = true;
      bar.update(p);
    },
    finish: () => {
      if (used) bar.finish();
    },
  };
}

async function download(session: TransferSession, remotePath: string, localPath: string, args: CpArgs, io: CpIo, signal: AbortSignal): Promise<void> {
  const source = remotePath === '' ? '.' : remotePath;
  const local = await stat(localPath).catch(() => null);
  const label = path.basename(source) || source;
  const p = progress(label, args, io, signal);
  try {
    const file = await downloadFile(session, source, p);
    p.finish();
    const dest = local?.isDirectory() ? path.join(localPath, path.basename(file.path)) : localPath;
    await writeLocalFile(dest, file.data, file.mode & 0o777);
  } catch (error) {
    if (!isTransferError(error, 'is-directory')) throw error;
    if (!args.recursive) throw new SmshError('usage', `${error.message} (use cp -r)`);
    const tree = await downloadTree(session, source, p);
    p.finish();
    if (tree.warning) io.stderr.write(`smsh: warning: ${tree.warning}\n`);
    await unpackLocalTree(tree.tar, localPath, path.basename(tree.path) || 'root');
  }
}

async function upload(session: TransferSession, localPath: string, remotePath: string, args: CpArgs, io: CpIo, signal: AbortSignal): Promise<void> {
  const local = await stat(localPath).catch((error: unknown) => {
    throw new SmshError('usage', `${localPath}: ${describeError(error)}`);
  });
  const name = path.basename(path.resolve(localPath));
  const target = remotePath === '' ? '.' : remotePath;
  const p = progress(name, args, io, signal);
  if (local.isDirectory()) {
    if (!args.recursive) throw new SmshError('usage', `${localPath} is a directory (use cp -r)`);
    const tar = await packLocalDir(localPath);
    await uploadTree(session, target, tar, name, p);
    p.finish();
    return;
  }
  if (!local.isFile()) throw new SmshError('usage', `${localPath} is not a regular file`);
  const data = await readFile(localPath);
  const where = await statRemote(session, target, { signal });
  const dest = where.type === 'dir' ? `${where.path.replace(/\/$/, '')}/${name}` : where.path;
  await uploadFile(session, dest, data, { ...p, newFileMode: local.mode & 0o777 });
  p.finish();
}
