import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

// The harness the end-to-end tests share: `smsh --local` in a real terminal (a tmux pane,
// 120x40) on a tmux server of its own (its own socket), so nothing here touches the user's tmux.
// CI is removed from the child's environment because CI=true turns off Ink's live rendering.

/** The prompt smsh draws, `[user@name dir]# `. */
export const PROMPT = /\[[\w.-]+@\S+ [^\]]+\][#$] /;

/** How to start smsh in the pane. */
export interface TerminalOptions {
  /** Names the tmux socket and session (the pid is added). */
  name: string;
  /** Variables set for smsh (CI and PAGER are always unset). */
  env?: Record<string, string>;
  /** More variables to unset. */
  unset?: string[];
  /** The pane's working directory. */
  cwd?: string;
  /** The default wait of `waitFor`, in ms. @default 8000 */
  waitMs?: number;
}

/** A terminal running smsh: what is on its screen, and keys to send it. */
export interface Terminal {
  /** The pane with 500 lines of scrollback, wrapped lines joined. */
  screen(): string;
  /** The screen's non-blank lines. */
  lines(): string[];
  lastLine(): string;
  /** Types text literally (no key names). */
  type(text: string): void;
  /** Presses tmux keys (`Enter`, `C-c`, `Up`). */
  press(...keys: string[]): void;
  /** Pastes text the way a terminal does: bracketed (ESC[200~…ESC[201~) if smsh asked for it, newlines sent as CR. */
  paste(text: string): void;
  /** Polls the screen until `check` holds, failing with the screen after the wait. */
  waitFor(check: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Ends the tmux server (and smsh with it). */
  kill(): void;
}

const BIN = path.resolve('bin/smsh.js');
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Starts smsh in a fresh tmux server and waits for its first prompt; the shell's exit code is printed as `SMSH-EXIT=N`. */
export async function startSmsh(options: TerminalOptions): Promise<Terminal> {
  const socket = `smsh-e2e-${options.name}-${process.pid}`;
  const session = `${options.name}-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-500');
  const lines = () => screen().split('\n').filter((l) => l.trim() !== '');
  const waitFor = async (check: (text: string) => boolean, what: string, timeoutMs = options.waitMs ?? 8000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = screen();
      if (check(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
      await delay(50);
    }
  };
  const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env };
  const command = [
    'env',
    ...['CI', 'PAGER', ...(options.unset ?? [])].flatMap((name) => ['-u', name]),
    ...Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`),
    quote(process.execPath),
    quote(BIN),
    '--local',
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', ...(options.cwd ? ['-c', options.cwd] : []), `${command}; echo "SMSH-EXIT=$?"; sleep 60`);
  const terminal: Terminal = {
    screen,
    lines,
    lastLine: () => lines().at(-1) ?? '',
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    press: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    paste: (text) => {
      tmux('set-buffer', '-b', 'e2e', '--', text);
      tmux('paste-buffer', '-p', '-d', '-b', 'e2e', '-t', session);
    },
    waitFor,
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
  await waitFor((t) => PROMPT.test(t), 'the first prompt', 15_000);
  return terminal;
}

/** The terminal's keys and screen as plain functions, for a test file whose terminal starts in beforeAll. */
export function terminalOf(get: () => Terminal) {
  return {
    screen: () => get().screen(),
    lastLine: () => get().lastLine(),
    type: (text: string) => get().type(text),
    press: (...keys: string[]) => get().press(...keys),
    waitFor: (check: (text: string) => boolean, what: string, timeoutMs?: number) => get().waitFor(check, what, timeoutMs),
  };
}
