import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EDIT_MAX_BYTES, formatBytes, isBinary } from '../transfer/content.js';
import { isTransferError } from '../transfer/errors.js';
import { downloadFile, statRemote, uploadFile, type RemoteStat, type TransferProgress, type TransferSession } from '../transfer/remote-files.js';
import { chooseEditor, type EditorCommand } from './find-editor.js';

/** How the editor talks to the user and runs the local program (the terminal, or a test's script). */
export interface EditIo {
  /** One line of news for the user (no trailing newline). */
  print(message: string): void;
  /** Asks a yes/no question; resolves true only for yes. */
  confirm(question: string): Promise<boolean>;
  /** Runs the editor on the file with the terminal; resolves to its exit code (127 when it could not start). */
  runEditor(command: string, args: string[]): Promise<number>;
  /** A progress display for a long transfer (optional). */
  progress?(label: string): { update(p: TransferProgress): void; finish(): void };
}

/** What to edit, how, and with what. */
export interface EditOptions {
  session: TransferSession;
  /** The remote path as typed: relative to the session cwd, `~` for the session user. */
  path: string;
  /** The editor the user typed (`vi`, `nano`, `edit`…): run it if installed here, else $VISUAL/$EDITOR/vi. */
  editor: string;
  io: EditIo;
  /** For the editor lookup (PATH, VISUAL, EDITOR). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Cancels a transfer (not the editor). */
  signal?: AbortSignal;
  /** Where the private temp directory goes. @default os.tmpdir() */
  tempRoot?: string;
}

/** How an edit ended. */
export type EditOutcome =
  | { result: 'saved'; path: string; size: number; created: boolean }
  | { result: 'unchanged'; path: string }
  /** A new file saved empty (or not saved): nothing was created. */
  | { result: 'discarded'; path: string }
  /** Not opened: binary, too large, a directory, unreadable, no such directory, no editor. */
  | { result: 'refused'; path: string; message: string }
  /** Edited but not written to the instance; the local copy is kept at `localPath`. */
  | { result: 'kept'; path: string; localPath: string; message: string };

/** The shell's exit status for an outcome. */
export function outcomeCode(outcome: EditOutcome): number {
  return outcome.result === 'saved' || outcome.result === 'unchanged' || outcome.result === 'discarded' ? 0 : 1;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Edits a remote file with a local editor: downloads it byte-exact (refusing binary content, files
 * over EDIT_MAX_BYTES, directories and unreadable files), writes it to a private temp directory
 * (0700, the file 0600, under the remote file's name so syntax highlighting works), runs the
 * editor, and writes the result back only if it changed, refusing to overwrite a file that
 * changed on the instance meanwhile unless the user says so. Whatever cannot be written keeps its
 * local copy, and the path is printed: no edit is lost. Bytes are never decoded.
 */
export async function editRemoteFile(o: EditOptions): Promise<EditOutcome> {
  const { session, io } = o;
  const signal = o.signal;
  const refuse = (where: string, message: string): EditOutcome => {
    io.print(`smsh: ${message}`);
    return { result: 'refused', path: where, message };
  };

  // 1. What is there now.
  let original: Buffer;
  let fingerprint: string | null;
  let remotePath: string;
  let mode = 0o666;
  try {
    const bar = io.progress?.(path.basename(o.path) || o.path);
    let shown = false;
    const file = await downloadFile(session, o.path, {
      maxBytes: EDIT_MAX_BYTES,
      signal,
      ...(bar ? { onProgress: (p: TransferProgress) => p.total > 262_144 && ((shown = true), bar.update(p)) } : {}),
    });
    if (shown) bar?.finish();
    original = file.data;
    fingerprint = file.fingerprint;
    remotePath = file.path;
    mode = file.mode;
  } catch (error) {
    if (!isTransferError(error, 'not-found')) {
      if (isTransferError(error, 'too-large')) return refuse(o.path, `${error.message} for editing; use get and put (or smsh cp) instead`);
      return refuse(o.path, `cannot edit ${o.path}: ${errorText(error)}`);
    }
    let st: RemoteStat;
    try {
      st = await statRemote(session, o.path, { signal });
    } catch (statError) {
      return refuse(o.path, `cannot edit ${o.path}: ${errorText(statError)}`);
    }
    if (st.type !== 'missing') return refuse(st.path, `cannot edit ${st.path}: ${errorText(error)}`);
    original = Buffer.alloc(0);
    fingerprint = null;
    remotePath = st.path;
  }
  if (isBinary(original)) {
    return refuse(remotePath, `${remotePath} looks binary (it contains NUL bytes, ${formatBytes(original.length)}); refusing to edit it as text. Use get and put instead`);
  }

  // 2. The private local copy.
  const dir = await mkdtemp(path.join(o.tempRoot ?? tmpdir(), 'smsh-edit-'));
  const localPath = path.join(dir, path.basename(remotePath) || 'file');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(localPath, original, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await cleanup();
    return refuse(remotePath, `cannot write a local copy of ${remotePath}: ${errorText(error)}`);
  }

  // 3. The editor, with the terminal.
  const editor: EditorCommand = chooseEditor(o.editor, o.env ?? process.env);
  const code = await io.runEditor(editor.command, [...editor.args, localPath]);
  if (code === 127) {
    await cleanup();
    return refuse(remotePath, `cannot start the editor '${editor.command}' (set $VISUAL or $EDITOR)`);
  }
  let edited: Buffer;
  try {
    edited = await readFile(localPath);
  } catch {
    await cleanup();
    io.print(`smsh: the local copy of ${remotePath} is gone; nothing written`);
    return { result: 'unchanged', path: remotePath };
  }

  // 4. Compare, and write back only what changed.
  if (fingerprint === null && edited.length === 0) {
    await cleanup();
    io.print(`smsh: ${remotePath} not created (saved empty)`);
    return { result: 'discarded', path: remotePath };
  }
  if (fingerprint !== null && edited.equals(original)) {
    await cleanup();
    return { result: 'unchanged', path: remotePath };
  }
  const keep = (message: string): EditOutcome => {
    io.print(`smsh: ${message}; your edit is kept in ${localPath}`);
    return { result: 'kept', path: remotePath, localPath, message };
  };
  const upload = (expected: string | null | undefined) => uploadFile(session, remotePath, edited, { expectedRemoteSha: expected, newFileMode: mode & 0o777, signal });
  try {
    let written;
    try {
      written = await upload(fingerprint);
    } catch (error) {
      if (!isTransferError(error, 'changed')) throw error;
      io.print(`smsh: ${remotePath} ${fingerprint === null ? 'was created' : 'was changed'} on the instance while you were editing`);
      if (!(await io.confirm(`Overwrite it with your version? [y/N] `))) return keep(`${remotePath} not written`);
      written = await upload(undefined);
    }
    await cleanup();
    io.print(`smsh: ${written.created ? 'created' : 'wrote'} ${written.path} (${formatBytes(written.size)})`);
    return { result: 'saved', path: written.path, size: written.size, created: written.created };
  } catch (error) {
    return keep(`could not write ${remotePath}: ${errorText(error)}`);
  }
}
