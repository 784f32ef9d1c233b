import { setTimeout as delay } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { RunResult, SessionPlace } from '../../src/session/events.js';
import type { RunOptions } from '../../src/session/session.js';
import { Shell, type ShellSession } from '../../src/ui/Shell.js';

type Handler = (line: string, o: RunOptions, s: FakeSession) => Promise<number | { exitCode: number; cancelled: boolean }>;

/** A session that runs lines with a handler; `cd X` changes its cwd. */
class FakeSession implements ShellSession {
  cwd = '/root';
  user = 'root';
  depth = 0;
  readonly lines: string[] = [];
  constructor(private readonly handler: Handler = async () => 0) {}
  place(): SessionPlace {
    return { user: this.user, home: '/root', cwd: this.cwd, host: 'h', depth: this.depth };
  }
  async run(line: string, o: RunOptions = {}): Promise<RunResult> {
    this.lines.push(line);
    const cd = /^cd (\S+)$/.exec(line);
    if (cd) this.cwd = cd[1]!;
    o.onEvent?.({ type: 'status', phase: 'sent', commandId: `cmd-${this.lines.length}` });
    const r = await this.handler(line, o, this);
    const { exitCode, cancelled } = typeof r === 'number' ? { exitCode: r, cancelled: false } : r;
    return { exitCode, cancelled, commandId: `cmd-${this.lines.length}`, bytes: { stdout: 0, stderr: 0 }, startedAt: 0, endedAt: 0 };
  }
}

const say = (o: RunOptions, text: string) => o.onEvent?.({ type: 'output', stream: 'stdout', data: Buffer.from(text) });

/** Waits until `check` holds (the shell works asynchronously). */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await delay(10);
  }
}

function start(session: FakeSession, extra: Partial<Parameters<typeof Shell>[0]> = {}) {
  const exits: number[] = [];
  const r = render(<Shell session={session} name="web" onExit={(c) => exits.push(c)} {...extra} />);
  const all = () => r.frames.join('');
  return { ...r, exits, all };
}

afterEach(() => cleanup());

describe('Shell', () => {
  it('shows the banner and a prompt, runs a line and prints its output above the prompt', async () => {
    const s = new FakeSession(async (_line, o) => (say(o, 'hello\n'), 0));
    const ui = start(s, { banner: 'BANNER\n' });
    await until(() => ui.all().includes('[root@web ~]#') && ui.all().includes('BANNER'), 'banner and prompt');
    ui.stdin.write('echo hello');
    await until(() => ui.lastFrame()?.includes('echo hello') ?? false, 'typed text');
    ui.stdin.write('\r');
    await until(() => ui.all().includes('hello\n'), 'output');
    expect(s.lines).toEqual(['echo hello']);
    expect(ui.all()).toContain('[root@web ~]# echo hello\n');
  });

  it('follows cd in the prompt', async () => {
    const s = new FakeSession();
    const ui = start(s);
    ui.stdin.write('cd /var/log\r');
    await until(() => ui.lastFrame()?.includes('[root@web log]#') ?? false, 'new prompt');
  });

  it('runs a pasted block line by line, each after the previous ended', async () => {
    const order: string[] = [];
    const s = new FakeSession(async (line) => {
      order.push(`start ${line}`);
      await delay(30);
      order.push(`end ${line}`);
      return 0;
    });
    const ui = start(s);
    ui.stdin.write('echo a\recho b\necho c\r');
    await until(() => s.lines.length === 3 && order.length === 6, 'three runs');
    expect(order).toEqual(['start echo a', 'end echo a', 'start echo b', 'end echo b', 'start echo c', 'end echo c']);
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'prompt back');
  });

  it('runs a bracketed paste line by line, leaves its last unfinished line in the editor, and fires no key inside it', async () => {
    const s = new FakeSession(async () => (await delay(20), 0));
    const ui = start(s, { history: ['rm -rf /tmp/x'] });
    // ^C, ^D, Up and Tab inside the paste are text or nothing, not Ctrl+C, Ctrl+D, history or completion.
    ui.stdin.write('\x1b[200~echo a\x03\recho\tb\x1b[A\x04\recho c\x1b[201~');
    await until(() => s.lines.length === 2 && (ui.lastFrame()?.includes('# echo c') ?? false), 'two runs, then the unfinished line');
    expect(s.lines).toEqual(['echo a', 'echo\tb']);
    expect(ui.all()).toMatch(/# echo a\n[^]*# echo\tb\n/);
    expect(ui.exits).toEqual([]);
    ui.stdin.write(' d\r');
    await until(() => s.lines.length === 3, 'the edited last line');
    expect(s.lines[2]).toBe('echo c d');
  });

  it('holds lines typed while a line runs, counts them on the status line, and runs them after it, each after its prompt', async () => {
    const finish: (() => void)[] = [];
    const s = new FakeSession((line, o) => new Promise((resolve) => finish.push(() => (say(o, `out ${line}\n`), resolve(0)))));
    const ui = start(s);
    ui.stdin.write('first\r');
    await until(() => finish.length === 1, 'first running');
    ui.stdin.write('second\r');
    ui.stdin.write('third');
    await until(() => ui.lastFrame()?.includes('2 queued') ?? false, 'the queued count');
    expect(s.lines).toEqual(['first']);
    finish[0]!();
    await until(() => finish.length === 2, 'second running');
    expect(s.lines).toEqual(['first', 'second']);
    finish[1]!();
    await until(() => ui.lastFrame()?.includes('# third') ?? false, 'the unfinished line at the prompt');
    expect(ui.all()).toMatch(/# first\n[^]*out first\n[^]*# second\n[^]*out second\n/);
  });

  it('Ctrl+C interrupts the line, drops the queued ones and says so after the line ended', async () => {
    let opts: RunOptions = {};
    const s = new FakeSession(
      (line, o) =>
        new Promise((resolve) => {
          opts = o;
          if (line !== 'sleep 100') return resolve(0);
          o.signal?.addEventListener('abort', () => setTimeout(() => (say(o, 'Terminated\n'), resolve({ exitCode: 130, cancelled: true })), 30));
        }),
    );
    const ui = start(s);
    ui.stdin.write('\x1b[200~sleep 100\recho q1\recho q2\r\x1b[201~');
    await until(() => ui.lastFrame()?.includes('2 queued') ?? false, 'two lines queued');
    ui.stdin.write('\x03');
    await until(() => opts.signal?.aborted === true, 'interrupt');
    ui.stdin.write('echo after\r');
    await until(() => s.lines.length === 2, 'the line typed after Ctrl+C');
    expect(s.lines).toEqual(['sleep 100', 'echo after']);
    expect(ui.all()).toMatch(/Terminated\nsmsh: Ctrl\+C dropped 2 queued lines\n[^]*# echo after\n/);
  });

  it('shows a status line with the command id while a line runs, and the unfinished output line', async () => {
    let finish = () => {};
    const s = new FakeSession(
      (_line, o) =>
        new Promise((resolve) => {
          say(o, '\r10%\r42%');
          finish = () => resolve(0);
        }),
    );
    const ui = start(s);
    ui.stdin.write('progress\r');
    await until(() => ui.lastFrame()?.includes('Ctrl+C to cancel') ?? false, 'status line');
    expect(ui.lastFrame()).toContain('cmd-1');
    expect(ui.lastFrame()).toContain('42%');
    finish();
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'prompt back');
    expect(ui.all()).toContain('42%\n');
  });

  it('interrupts on the first Ctrl+C and kills on the second', async () => {
    let opts: RunOptions = {};
    const s = new FakeSession(
      (_line, o) =>
        new Promise((resolve) => {
          opts = o;
          o.killSignal?.addEventListener('abort', () => resolve({ exitCode: 137, cancelled: true }));
        }),
    );
    const ui = start(s);
    ui.stdin.write('tail -f x\r');
    await until(() => opts.signal !== undefined, 'run started');
    ui.stdin.write('\x03');
    await until(() => opts.signal?.aborted === true, 'interrupt');
    expect(opts.killSignal?.aborted).toBe(false);
    await until(() => ui.lastFrame()?.includes('Ctrl+C again to kill') ?? false, 'cancelling status');
    ui.stdin.write('\x03');
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'prompt back');
    ui.stdin.write('\x04');
    await until(() => ui.exits.length === 1, 'exit');
    expect(ui.exits).toEqual([130]);
  });

  it('clears the line on Ctrl+C at the prompt', async () => {
    const ui = start(new FakeSession());
    ui.stdin.write('half typed');
    await until(() => ui.lastFrame()?.includes('half typed') ?? false, 'typed');
    ui.stdin.write('\x03');
    await until(() => !(ui.lastFrame()?.includes('half typed') ?? true), 'cleared');
    expect(ui.all()).toContain('half typed^C\n');
  });

  it('leaves with the code `exit N` gives at depth 0, without running it remotely', async () => {
    const s = new FakeSession();
    const ui = start(s);
    ui.stdin.write('exit 3\r');
    await until(() => ui.exits.length === 1, 'exit');
    expect(ui.exits).toEqual([3]);
    expect(s.lines).toEqual([]);
  });

  it('passes exit to the engine after su, which pops the user', async () => {
    const s = new FakeSession();
    s.depth = 1;
    const ui = start(s);
    ui.stdin.write('exit\r');
    await until(() => s.lines.length === 1, 'run');
    expect(s.lines).toEqual(['exit']);
    expect(ui.exits).toEqual([]);
  });

  it('leaves with the last exit code on Ctrl+D', async () => {
    const s = new FakeSession(async () => 7);
    const ui = start(s);
    ui.stdin.write('false\r');
    await until(() => s.lines.length === 1 && (ui.lastFrame()?.includes('[root@web ~]#') ?? false), 'ran');
    ui.stdin.write('\x04');
    await until(() => ui.exits.length === 1, 'exit');
    expect(ui.exits).toEqual([7]);
  });

  it('explains instead of running programs that need a terminal', async () => {
    const s = new FakeSession();
    const ui = start(s);
    ui.stdin.write('top\r');
    await until(() => ui.all().includes('top -b -n 1'), 'top advice');
    ui.stdin.write('vi /etc/hosts\r');
    await until(() => ui.all().includes('vi needs a terminal, which this shell cannot hand over'), 'editor notice');
    expect(s.lines).toEqual([]);
  });

  it('hands vi to onEdit when the editor feature provides it', async () => {
    const asked: string[][] = [];
    const ui = start(new FakeSession(), { onEdit: async (r) => (asked.push(r.files), 0) });
    ui.stdin.write('vi /etc/hosts\r');
    await until(() => asked.length === 1, 'onEdit');
    expect(asked).toEqual([['/etc/hosts']]);
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'prompt back');
  });

  it('runs local commands (get/put) here, with the status line, and other lines remotely', async () => {
    const s = new FakeSession();
    const ran: string[] = [];
    const ui = start(s, {
      localCommand: (line) =>
        line.startsWith('get ')
          ? async ({ print }) => {
              ran.push(line);
              print('get: done');
              return 0;
            }
          : null,
    });
    ui.stdin.write('get /etc/hosts\r');
    await until(() => ui.all().includes('get: done\n'), 'local result');
    ui.stdin.write('echo remote\r');
    await until(() => s.lines.length === 1, 'remote line');
    expect(ran).toEqual(['get /etc/hosts']);
    expect(s.lines).toEqual(['echo remote']);
  });

  it('pages `less FILE` output through the pager, or prints it without one', async () => {
    const s = new FakeSession(async (_line, o) => (say(o, 'page text\n'), 0));
    const paged: string[] = [];
    const ui = start(s, { pager: async (t) => void paged.push(t) });
    ui.stdin.write('less /etc/hosts\r');
    await until(() => paged.length === 1, 'pager');
    expect(paged).toEqual(['page text\n']);
    await until(() => ui.lastFrame()?.includes('[root@web ~]#') ?? false, 'prompt back');
    cleanup();
    const plain = start(s);
    plain.stdin.write('less /etc/hosts\r');
    await until(() => plain.all().includes('page text\n'), 'printed');
  });

  it('completes a path with Tab from one listing of the directory', async () => {
    const asked: (string | null)[] = [];
    const lister = async (dir: string | null) => (asked.push(dir), [{ name: 'syslog', dir: false }, { name: 'apt', dir: true }]);
    const s = new FakeSession();
    s.cwd = '/var/log';
    const ui = start(s, { lister });
    ui.stdin.write('cat sy\t');
    await until(() => ui.lastFrame()?.includes('cat syslog') ?? false, 'completed');
    ui.stdin.write('X');
    await until(() => ui.lastFrame()?.includes('cat syslog X') ?? false, 'a space after a unique file');
    ui.stdin.write('\x15ls a\t');
    await until(() => ui.lastFrame()?.includes('ls apt/') ?? false, 'completed dir');
    expect(asked).toEqual(['/var/log']);
  });

  it('recalls earlier lines with Up and finds them with Ctrl+R', async () => {
    const ui = start(new FakeSession(), { history: ['uptime', 'df -h'] });
    ui.stdin.write('\x1b[A');
    await until(() => ui.lastFrame()?.includes('# df -h') ?? false, 'Up');
    ui.stdin.write('\x15\x12upt');
    await until(() => ui.lastFrame()?.includes("(reverse-i-search)`upt': uptime") ?? false, 'Ctrl+R');
  });

  it('cancels the running line and leaves with the signal code on SIGTERM', async () => {
    const abort = new AbortController();
    let opts: RunOptions = {};
    const s = new FakeSession(
      (_line, o) =>
        new Promise((resolve) => {
          opts = o;
          o.signal?.addEventListener('abort', () => resolve({ exitCode: 143, cancelled: true }));
        }),
    );
    const ui = start(s, { signal: abort.signal, abortCode: () => 143 });
    ui.stdin.write('sleep 100\r');
    await until(() => opts.signal !== undefined, 'running');
    abort.abort();
    await until(() => ui.exits.length === 1, 'exit');
    expect(opts.signal?.aborted).toBe(true);
    expect(ui.exits).toEqual([143]);
  });
});
