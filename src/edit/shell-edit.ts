import type { TransferSession } from '../transfer/remote-files.js';
import { editRemoteFile, outcomeCode, type EditIo } from './edit-remote-file.js';

/** What the shell hands over for `vi FILE` and friends (Shell's EditRequest, without React). */
export interface ShellEditRequest {
  program: string;
  files: string[];
  line: string;
}

/**
 * The user a sudo form edits as: `sudo -u NAME vi f` → NAME; `sudo vi f`, `sudoedit f` → root;
 * null for a plain `vi f` (the session user).
 */
export function sudoUser(line: string): string | null {
  const words = line.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  const first = words[i];
  if (first === 'sudoedit') return root(words.slice(i + 1));
  if (first !== 'sudo') return null;
  return root(words.slice(i + 1));
}

function root(words: string[]): string {
  for (let i = 0; i < words.length && words[i]!.startsWith('-'); i++) {
    const w = words[i]!;
    if (w === '-u' && words[i + 1] !== undefined) return words[i + 1]!;
    if (w.startsWith('-u') && w.length > 2) return w.slice(2);
    if (w.startsWith('--user=')) return w.slice('--user='.length);
  }
  return 'root';
}

/**
 * The session seen as another user: transfers run as `user` instead of the top of the su stack
 * (the scripts already run as the agent's user, root, and switch down with runuser). Used for
 * `sudo vi` and `sudoedit`: the cwd, `~` and the umask stay the session's, like sudo's.
 */
export function asUser(session: TransferSession, user: string): TransferSession {
  return {
    get id() {
      return session.id;
    },
    get channel() {
      return session.channel;
    },
    place: () => ({ ...session.place(), user }),
  };
}

/**
 * `vi FILE` typed in the shell: edits the first file (saying so when there are more) as the
 * session user, or as root for `sudo vi` / `sudoedit` (`sudo -u NAME` as NAME). Resolves to the
 * shell's exit status.
 */
export async function editFromShell(
  session: TransferSession,
  request: ShellEditRequest,
  io: EditIo,
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; tempRoot?: string } = {},
): Promise<number> {
  const [file, ...more] = request.files;
  if (file === undefined) {
    io.print(`smsh: ${request.program}: name a file to edit (remote files open in a local editor)`);
    return 1;
  }
  if (more.length > 0) io.print(`smsh: editing ${file} only (one file at a time; ${more.length} more not opened)`);
  const user = sudoUser(request.line);
  const as = user !== null && user !== session.place().user ? asUser(session, user) : session;
  const outcome = await editRemoteFile({ session: as, path: file, editor: request.program, io, ...options });
  return outcomeCode(outcome);
}
