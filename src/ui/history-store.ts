import { appendFileSync, chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { HISTORY_LIMIT, isRemembered } from './history.js';

/** The directory smsh keeps state in: `$XDG_STATE_HOME/smsh` or `~/.local/state/smsh`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'state'), 'smsh');
}

/** The history file of one target (its instance id), safe as a file name. */
export function historyFile(dir: string, targetKey: string): string {
  return path.join(dir, `history-${targetKey.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}

/**
 * A target's history on disk: one line per entry, mode 0600 in a 0700 directory (commands can
 * carry secrets). Every failure is swallowed: history is a convenience, never a reason to fail.
 */
export class HistoryStore {
  constructor(private readonly file: string) {}

  /** The remembered entries, oldest first (the last HISTORY_LIMIT). */
  load(): string[] {
    try {
      const lines = readFileSync(this.file, 'utf8').split('\n').filter((l) => l !== '');
      if (lines.length > 2 * HISTORY_LIMIT) this.rewrite(lines.slice(-HISTORY_LIMIT));
      return lines.slice(-HISTORY_LIMIT);
    } catch {
      return [];
    }
  }

  /** Appends one submitted line (if it is remembered at all). */
  append(line: string): void {
    if (!isRemembered(line) || line.includes('\n')) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      appendFileSync(this.file, `${line}\n`, { mode: 0o600 });
      if ((statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    } catch {
      // A read-only home or a full disk only costs the history.
    }
  }

  private rewrite(lines: string[]): void {
    try {
      writeFileSync(this.file, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    } catch {
      // Kept as it is.
    }
  }
}
