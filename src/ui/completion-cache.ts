import type { Candidate } from './completion.js';

/** Lists one directory (absolute) or, with `null`, the commands on PATH; one round trip each. */
export type Lister = (dir: string | null) => Promise<Candidate[]>;

/** Names every shell has without a file on PATH. */
export const BUILTINS = [
  'alias', 'bg', 'cd', 'command', 'declare', 'echo', 'eval', 'exec', 'exit', 'export', 'fg', 'history', 'jobs', 'kill', 'let',
  'local', 'logout', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source', 'test', 'trap', 'type', 'ulimit',
  'umask', 'unalias', 'unset', 'wait',
].map((name) => ({ name, dir: false }));

/**
 * Remembers listings so completion costs one round trip per directory, not per key. Directory
 * listings are dropped after every command (it may have created or removed files); the command
 * list lives for `commandTtlMs`. Concurrent asks for the same directory share one request.
 */
export class CompletionCache {
  private readonly dirs = new Map<string, Promise<Candidate[]>>();
  private commands: { at: number; names: Promise<Candidate[]> } | undefined;

  constructor(
    private readonly lister: Lister,
    private readonly commandTtlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entries of an absolute directory. */
  dir(path: string): Promise<Candidate[]> {
    let hit = this.dirs.get(path);
    if (!hit) {
      hit = this.lister(path);
      this.dirs.set(path, hit);
      hit.catch(() => this.dirs.delete(path));
    }
    return hit;
  }

  /** The commands on PATH plus the shell's builtins. */
  commandNames(): Promise<Candidate[]> {
    if (!this.commands || this.now() - this.commands.at > this.commandTtlMs) {
      const names = this.lister(null).then((list) => [...BUILTINS, ...list]);
      this.commands = { at: this.now(), names };
      names.catch(() => (this.commands = undefined));
    }
    return this.commands.names;
  }

  /** A command ran: directory contents may have changed. */
  invalidateDirs(): void {
    this.dirs.clear();
  }
}
