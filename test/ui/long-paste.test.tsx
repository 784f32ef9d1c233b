// A long pasted line must cost work in proportion to its length: before, every chunk the
// terminal delivered redrew (and re-wrapped) the whole line, so 20 KB took 2 s, 60 KB 15 s and
// 200 KB never finished. The measure is what Ink draws (it wraps every character it is given).
import { setTimeout as delay } from 'node:timers/promises';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunResult, SessionPlace } from '../../src/session/events.js';
import type { RunOptions } from '../../src/session/session.js';
import { Shell, type ShellSession } from '../../src/ui/Shell.js';

// Counts the prompt's key steps: the work of editing and of replaying keys held while busy.
const counter = vi.hoisted(() => ({ keys: 0 }));
vi.mock('../../src/ui/prompt-reducer.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ui/prompt-reducer.js')>();
  return {
    ...original,
    promptKey: (...args: Parameters<typeof original.promptKey>) => {
      counter.keys++;
      return original.promptKey(...args);
    },
  };
});

const B = '\x1b[200~';
const E = '\x1b[201~';
/** What a tty hands over per read in raw mode. */
const CHUNK = 4096;

/** Records the lines it runs; `gate` holds a run until released (to paste while busy). */
class RecordingSession implements ShellSession {
  readonly lines: string[] = [];
  gate: Promise<void> | null = null;
  place(): SessionPlace {
    return { user: 'root', home: '/root', cwd: '/root', host: 'h', depth: 0 };
  }
  async run(line: string, _o: RunOptions = {}): Promise<RunResult> {
    this.lines.push(line);
    if (this.gate) await this.gate;
    return { exitCode: 0, cancelled: false, commandId: 'cmd', bytes: { stdout: 0, stderr: 0 }, startedAt: 0, endedAt: 0 };
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await delay(5);
  }
}

/** Pastes `text` bracketed, in tty-sized chunks, and returns the characters Ink drew meanwhile. */
async function pasteAndMeasure(text: string, options: { whileBusy: boolean }): Promise<{ drawn: number; keySteps: number; ran: string[] }> {
  const s = new RecordingSession();
  const ui = render(<Shell session={s} name="web" onExit={() => {}} />);
  await until(() => ui.frames.join('').includes('[root@web ~]#'), 'prompt');
  let release = () => {};
  if (options.whileBusy) {
    s.gate = new Promise<void>((resolve) => (release = resolve));
    ui.stdin.write('sleep 1\r');
    await until(() => s.lines.length === 1, 'busy');
  }
  const before = ui.frames.length;
  counter.keys = 0;
  ui.stdin.write(B);
  // Each read is its own event-loop turn, as from a terminal, so each can be drawn.
  for (let at = 0; at < text.length; at += CHUNK) {
    ui.stdin.write(text.slice(at, at + CHUNK));
    await new Promise((resolve) => setImmediate(resolve));
  }
  ui.stdin.write(E);
  ui.stdin.write('\r');
  release();
  const want = text.split('\n').length + (options.whileBusy ? 1 : 0);
  await until(() => s.lines.length === want, 'the pasted lines ran');
  const drawn = ui.frames.slice(before).reduce((n, f) => n + f.length, 0);
  cleanup();
  return { drawn, keySteps: counter.keys, ran: s.lines };
}

afterEach(() => cleanup());

describe('a long pasted line', () => {
  it.each([false, true])('costs drawing in proportion to its length, not its square (pasted while busy: %s)', async (whileBusy) => {
    const small = `echo ${'a'.repeat(16_000)}`;
    const large = `echo ${'a'.repeat(64_000)}`;
    const a = await pasteAndMeasure(small, { whileBusy });
    const b = await pasteAndMeasure(large, { whileBusy });
    expect(a.ran.at(-1)).toBe(small);
    expect(b.ran.at(-1)).toBe(large);
    // Quadratic work makes 4x the input cost ~16x; linear, ~4x. (While busy the status line is
    // drawn, not the line, so only the key steps tell.)
    if (!whileBusy) expect(b.drawn).toBeLessThan(8 * a.drawn);
    expect(b.keySteps).toBeLessThan(8 * a.keySteps);
  });
});

describe('a pasted block of many lines', () => {
  it.each([false, true])('costs key steps in proportion to its lines, not their square (pasted while busy: %s)', async (whileBusy) => {
    const block = (n: number) => Array.from({ length: n }, (_, i) => `echo ${i}`).join('\n');
    const a = await pasteAndMeasure(block(100), { whileBusy });
    const b = await pasteAndMeasure(block(400), { whileBusy });
    expect(b.ran.slice(whileBusy ? 1 : 0)).toEqual(block(400).split('\n'));
    expect(b.keySteps).toBeLessThan(8 * a.keySteps);
  });
});
