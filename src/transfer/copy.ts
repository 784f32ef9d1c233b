import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../util/errno-words.js';
import { SmshError } from '../util/smsh-error.js';
import { TransferError, isTransferError } from './errors.js';
import { packLocalDir, unpackLocalTree, writeLocalFile } from './local-files.js';
import { downloadFile, downloadTree, statRemote, uploadFile, uploadTree, type TransferOptions, type TransferSession } from './remote-files.js';

/** Options of copyFrom and copyTo: cancellation and progress, and whether directories may be copied. */
export interface CopyOptions extends TransferOptions {
  /** Copy a directory tree (tar on both ends); without it a directory is refused (TransferError 'is-directory'). */
  recursive?: boolean;
  /** Told when tar on the instance complained but produced an archive (a file changed while read). */
  onWarning?: (text: string) => void;
  /** The local path as the user wrote it, for messages (the shell resolves `~` and its own cwd). @default the path */
  localLabel?: string;
}

/** What a copy did, for the one line a front end prints. */
export interface CopyResult {
  /** The source as resolved (the remote path as the instance resolved it, or the local path). */
  from: string;
  /** Where it went, resolved the same way. */
  to: string;
  /** Bytes of the file, or of the tree's archive. */
  bytes: number;
  /** The destination did not exist before. */
  created: boolean;
  /** A directory tree was copied. */
  tree: boolean;
}

/**
 * Copies a remote file (or with `recursive` a tree) to this machine, as `smsh cp host:R L` and
 * the shell's `get R L` both do: byte-exact and sha256-checked, written atomically, into `local`
 * by name when it is an existing directory, with the remote mode for a new file. An empty remote
 * path is the session's directory. Failures throw TransferError or SmshError with one line.
 */
export async function copyFrom(session: TransferSession, remotePath: string, localPath: string, options: CopyOptions = {}): Promise<CopyResult> {
  const source = remotePath === '' ? '.' : remotePath;
  const local = await stat(localPath).catch(() => null);
  try {
    const file = await downloadFile(session, source, options);
    const dest = local?.isDirectory() ? path.join(localPath, path.basename(file.path)) : localPath;
    const existed = local !== null && dest === localPath;
    await writeLocalFile(dest, file.data, file.mode & 0o777);
    return { from: file.path, to: dest, bytes: file.data.length, created: !existed, tree: false };
  } catch (error) {
    if (!isTransferError(error, 'is-directory') || !options.recursive) throw error;
  }
  const tree = await downloadTree(session, source, options);
  if (tree.warning) options.onWarning?.(tree.warning);
  const to = await unpackLocalTree(tree.tar, localPath, path.basename(tree.path) || 'root');
  return { from: tree.path, to, bytes: tree.tar.length, created: !local?.isDirectory(), tree: true };
}

/**
 * Copies a local file (or with `recursive` a tree) to the instance, as `smsh cp L host:R` and the
 * shell's `put L R` both do: written atomically as the session user, into `remotePath` by name
 * when it is an existing directory, keeping an existing file's mode and owner (a new one gets the
 * local mode). An empty remote path is the session's directory.
 */
export async function copyTo(session: TransferSession, localPath: string, remotePath: string, options: CopyOptions = {}): Promise<CopyResult> {
  const label = options.localLabel ?? localPath;
  const local = await stat(localPath).catch((error: unknown) => {
    throw new SmshError('usage', `${label}: ${describeError(error)}`);
  });
  const name = path.basename(path.resolve(localPath));
  const target = remotePath === '' ? '.' : remotePath;
  if (local.isDirectory()) {
    if (!options.recursive) throw new TransferError('is-directory', `${label} is a directory`);
    const tar = await packLocalDir(localPath);
    const r = await uploadTree(session, target, tar, name, options);
    return { from: localPath, to: r.path, bytes: tar.length, created: r.created, tree: true };
  }
  if (!local.isFile()) throw new TransferError('not-regular', `${label} is not a regular file`);
  const data = await readFile(localPath).catch((error: unknown) => {
    throw new SmshError('usage', `cannot read ${label}: ${describeError(error)}`);
  });
  const where = await statRemote(session, target, { ...(options.signal ? { signal: options.signal } : {}) });
  const dest = where.type === 'dir' ? `${where.path.replace(/\/$/, '')}/${name}` : where.path;
  const r = await uploadFile(session, dest, data, { ...options, newFileMode: local.mode & 0o777 });
  return { from: localPath, to: r.path, bytes: r.size, created: r.created, tree: false };
}

/** A copy's directory refusal with the way around it appended (`use cp -r`), same reason, same cause. */
export function withDirectoryHint(error: unknown, hint: string): unknown {
  if (!isTransferError(error, 'is-directory')) return error;
  return new TransferError('is-directory', `${error.message} (${hint})`, { cause: error });
}
