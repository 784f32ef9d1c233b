import { homedir } from 'node:os';
import path from 'node:path';
import { formatBytes } from '../transfer/content.js';
import { copyFrom, copyTo, withDirectoryHint } from '../transfer/copy.js';
import type { TransferProgress, TransferSession } from '../transfer/remote-files.js';

/** A `get` or `put` line, parsed. */
export type TransferCommand =
  | { kind: 'get'; remote: string; local: string | undefined }
  | { kind: 'put'; local: string; remote: string | undefined }
  | { kind: 'usage'; message: string };

// Words of a line: blanks separate, quotes and backslashes as in sh (no expansions).
function words(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** `get REMOTE [LOCAL]` / `put LOCAL [REMOTE]`, or null when the line is something else (it then runs remotely). */
export function parseTransferCommand(line: string): TransferCommand | null {
  if (!/^\s*(get|put)(\s|$)/.test(line)) return null;
  const [name, ...args] = words(line);
  if (args.length < 1 || args.length > 2 || args.some((a) => a.startsWith('-') && a.length > 1)) {
    return { kind: 'usage', message: name === 'get' ? 'usage: get REMOTE [LOCAL]  (a file; directories: smsh cp -r)' : 'usage: put LOCAL [REMOTE]  (a file; directories: smsh cp -r)' };
  }
  return name === 'get' ? { kind: 'get', remote: args[0]!, local: args[1] } : { kind: 'put', local: args[0]!, remote: args[1] };
}

const expandLocal = (p: string) => (p === '~' ? homedir() : p.startsWith('~/') ? path.join(homedir(), p.slice(2)) : p);

/** Options of a shell transfer. */
export interface ShellTransferOptions {
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  /** The local directory relative paths start from. @default process.cwd() */
  localCwd?: string;
}

/**
 * Runs `get`/`put` byte-exact as the session user, through the same copy as `smsh cp`
 * (transfer/copy.ts): `get` writes the remote file to LOCAL (default: the local cwd, so its own
 * name there; into it when LOCAL is a directory), `put` writes LOCAL to REMOTE (default: the
 * session cwd). Resolves to the one result line; failures throw (TransferError, SmshError).
 */
export async function runTransferCommand(session: TransferSession, cmd: Exclude<TransferCommand, { kind: 'usage' }>, o: ShellTransferOptions = {}): Promise<string> {
  const cwd = o.localCwd ?? process.cwd();
  const options = { ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) };
  try {
    if (cmd.kind === 'get') {
      const r = await copyFrom(session, cmd.remote, path.resolve(cwd, expandLocal(cmd.local ?? '.')), options);
      return `get: ${r.from} → ${r.to} (${formatBytes(r.bytes)})`;
    }
    const r = await copyTo(session, path.resolve(cwd, expandLocal(cmd.local)), cmd.remote ?? '', { ...options, localLabel: cmd.local });
    return `put: ${r.from} → ${r.to} (${formatBytes(r.bytes)}${r.created ? ', new file' : ''})`;
  } catch (error) {
    throw withDirectoryHint(error, 'directories: smsh cp -r');
  }
}

/** What the shell gives a local command (Shell's LocalCommand context). */
export interface LocalCommandContext {
  signal: AbortSignal;
  print: (line: string) => void;
  setPhase: (phase: string) => void;
}

/**
 * The shell's hook for `get`/`put`: null for other lines; else a command that transfers, shows
 * its progress in the status line, prints one result line, and resolves to 0 (1 on failure,
 * 130 when cancelled).
 */
export function shellTransferCommand(session: TransferSession, localCwd?: string): (line: string) => ((c: LocalCommandContext) => Promise<number>) | null {
  return (line) => {
    const cmd = parseTransferCommand(line);
    if (cmd === null) return null;
    return async ({ signal, print, setPhase }) => {
      if (cmd.kind === 'usage') {
        print(`smsh: ${cmd.message}`);
        return 2;
      }
      try {
        print(
          await runTransferCommand(session, cmd, {
            signal,
            onProgress: (p) => setPhase(`${cmd.kind} ${formatBytes(p.done)}/${formatBytes(p.total)}`),
            ...(localCwd !== undefined ? { localCwd } : {}),
          }),
        );
        return 0;
      } catch (error) {
        if (signal.aborted) {
          print(`smsh: ${cmd.kind} interrupted; the destination is unchanged`);
          return 130;
        }
        print(`smsh: ${cmd.kind}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      }
    };
  };
}
