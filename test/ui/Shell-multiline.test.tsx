// Multi-line input in the Ink shell (issue 13, section 2): an open command waits under `> `.
import { setTimeout as delay } from 'node:timers/promises';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult, SessionPlace } from '../../src/session/events.js';
import { Shell, type ShellSession } from '../../src/ui/Shell.js';

/** A session that records the commands it is given. */
class Recorder implements ShellSession {
  readonly lines: string[] = [];
  place(): SessionPlace {
    return { user: 'root', home: '/root', cwd: '/root', host: 'h', depth: 0 };
  }
  async run(line: string): Promise<RunResult> {
    this.lines.push(line);
    await delay(10);
    return { exitCode: 0, cancelled: false, commandId: 'c', bytes: { stdout: 0, stderr: 0 }, startedAt: 0, endedAt: 0 };
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await delay(10);
  }
}

function start(s: Recorder) {
  const exits: number[] = [];
  const r = render(<Shell session={s} name="web" onExit={(c) => exits.push(c)} />);
  return { ...r, exits, all: () => r.frames.join('') };
}

afterEach(() => cleanup());

describe('multi-line input in the interactive shell', () => {
  it('waits under > for the rest of a for loop typed over lines, then runs it as one command', async () => {
    const s = new Recorder();
    const ui = start(s);
    ui.stdin.write('for i in 1 2\r');
    await until(() => (ui.lastFrame() ?? '').trimEnd().endsWith('>'), 'the continuation prompt');
    ui.stdin.write('do echo $i\r');
    ui.stdin.write('done\r');
    await until(() => s.lines.length === 1, 'one command');
    expect(s.lines).toEqual(['for i in 1 2\ndo echo $i\ndone']);
    expect(ui.all()).toContain('# for i in 1 2\n');
    expect(ui.all()).toContain('> do echo $i\n');
    expect(ui.all()).toContain('> done\n');
  });

  it('runs a pasted here-document and a line ending in a backslash as whole commands', async () => {
    const s = new Recorder();
    const ui = start(s);
    ui.stdin.write('\x1b[200~cat <<EOF\rhello\rEOF\recho a \\\rb\r\x1b[201~');
    await until(() => s.lines.length === 2, 'two commands');
    expect(s.lines).toEqual(['cat <<EOF\nhello\nEOF', 'echo a \\\nb']);
  });

  it('drops an open command on Ctrl+C, and runs it on Ctrl+D so its shell says what is missing', async () => {
    const s = new Recorder();
    const ui = start(s);
    ui.stdin.write('if true; then\r');
    await until(() => (ui.lastFrame() ?? '').trimEnd().endsWith('>'), 'the continuation prompt');
    ui.stdin.write('\x03');
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'the prompt again');
    ui.stdin.write('echo "open\r');
    await until(() => (ui.lastFrame() ?? '').trimEnd().endsWith('>'), 'the continuation prompt');
    ui.stdin.write('\x04');
    await until(() => s.lines.length === 1, 'the open command runs');
    expect(s.lines).toEqual(['echo "open']);
    expect(ui.exits).toEqual([]);
  });
});
