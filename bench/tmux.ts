// A private tmux server for the bench: a real terminal to run the interactive shell in, read back
// with capture-pane. Its own socket (-L), so the user's tmux is never touched.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** The interactive shell's prompt, e.g. `[root@host ~]# ` (as test/e2e/interactive.test.ts has it). */
export const PROMPT = /\[[\w.-]+@\S+ [^\]]+\][#$] /;

/** Quotes `s` for the shell tmux runs pane commands with. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One private tmux server; `kill()` it in a finally. */
export class TmuxServer {
  constructor(readonly socket: string) {}

  /** Runs a tmux command on this server; bounded, so a wedged server fails the case instead of hanging it. */
  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Starts a detached `width`x`height` session running `command` (a shell line). */
  newSession(session: string, command: string, width = 120, height = 40): void {
    this.tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), command);
  }

  /** The visible screen of `session`, wrapped lines joined. */
  screen(session: string): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', session);
  }

  /** The last non-empty line of the screen. */
  lastLine(session: string): string {
    return this.screen(session).split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
  }

  /** Types `text` literally (no key names). */
  type(session: string, text: string): void {
    this.tmux('send-keys', '-t', session, '-l', text);
  }

  /** Presses keys by name (Enter, C-d, …). */
  press(session: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', session, ...keys);
  }

  /** The pid of the pane's process (the command itself when it was started with `exec`). */
  panePid(session: string): number {
    return Number(this.tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
  }

  hasSession(session: string): boolean {
    try {
      this.tmux('has-session', '-t', session);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Polls the screen every `intervalMs` until `check` holds; throws with the screen after
   * `timeoutMs`, or sooner when the screen has not changed for `stallMs` (output stopped).
   */
  async waitFor(session: string, check: (screen: string) => boolean, what: string, o: { timeoutMs: number; intervalMs?: number; stallMs?: number }): Promise<string> {
    const deadline = performance.now() + o.timeoutMs;
    let last = '';
    let changedAt = performance.now();
    for (;;) {
      const text = this.screen(session);
      if (check(text)) return text;
      const now = performance.now();
      if (text !== last) [last, changedAt] = [text, now];
      if (now > deadline) throw new Error(`timed out after ${o.timeoutMs} ms waiting for ${what}; screen:\n${text}`);
      if (o.stallMs !== undefined && now - changedAt > o.stallMs) throw new Error(`the screen did not change for ${o.stallMs} ms while waiting for ${what}; screen:\n${text}`);
      await delay(o.intervalMs ?? 5);
    }
  }

  /** Waits (bounded) until `session` is gone, i.e. its command exited. */
  async waitGone(session: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.hasSession(session)) {
      if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${session} to exit`);
      await delay(20);
    }
  }

  /** Stops the server and everything in it, and removes its socket (tmux leaves it behind); never throws. */
  kill(): void {
    try {
      const socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
      this.tmux('kill-server');
      if (socketPath) rmSync(socketPath, { force: true });
    } catch {
      // already gone
    }
  }
}
