import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesWith } from '../helpers/processes.js';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await startEngineFixture();
});
afterAll(async () => {
  await fx?.stop();
});


describe('the engine on the emulator', () => {
  it('runs a short command in one SendCommand and returns its output and exit code', async () => {
    const s = fx.open();
    await s.start();
    const before = s.channel.calls.SendCommand ?? 0;
    const r = await collect(s, 'echo hello; echo oops >&2; exit 3');
    expect(r.stdout.toString()).toBe('hello\n');
    expect(r.stderr.toString()).toBe('oops\n');
    expect(r.exitCode).toBe(3);
    expect((s.channel.calls.SendCommand ?? 0) - before).toBe(1);
    await s.end();
  });

  it('keeps cwd with spaces and unicode, env values with newlines, quotes and $, and $? between lines', async () => {
    const s = fx.open();
    await s.start();
    const dir = `/tmp/smsh test ✓ ${randomBytes(3).toString('hex')}`;
    await collect(s, `mkdir -p '${dir}' && cd '${dir}'`);
    expect(s.place().cwd).toBe(dir);
    await collect(s, `export V='a "b"
$c \\'; LOCAL=x; alias hi='echo hi'; greet() { echo "hey $1"; }; false`);
    const r = await collect(s, 'echo "$?"; pwd; printf %s "$V"; echo; echo "$LOCAL"; hi; greet you');
    expect(r.stdout.toString()).toBe(`1\n${dir}\na "b"\n$c \\\nx\nhi\nhey you\n`);
    await collect(s, `cd /; rm -rf '${dir}'`);
    await s.end();
  });

  it('keeps state with POSIX sh (dash) as the shell', async () => {
    const s = fx.open({ forcePosix: true });
    await s.start();
    await collect(s, `cd /tmp; export Q='it'"'"'s
two'; umask 027`);
    const r = await collect(s, 'pwd; printf "%s\\n" "$Q"; umask; readlink /proc/$$/exe');
    expect(r.stdout.toString()).toMatch(/^\/tmp\nit's\ntwo\n0027\n.*dash\n$/);
    await s.end();
  });

  it('switches user with su and pops back with exit', async () => {
    const s = fx.open();
    await s.start();
    const su = await collect(s, 'su nobody');
    expect(su.exitCode).toBe(0);
    expect(s.place().user).toBe('nobody');
    expect((await collect(s, 'id -un')).stdout.toString()).toBe('nobody\n');
    await collect(s, 'exit');
    expect(s.place().user).toBe('root');
    expect((await collect(s, 'id -un')).stdout.toString()).toBe('root\n');
    await s.end();
  });

  it('streams output of a long command as it is produced', async () => {
    const s = fx.open();
    await s.start();
    const seen: number[] = [];
    const started = Date.now();
    const r = await s.run('for i in 1 2 3 4 5; do echo $i; sleep 0.5; done', {
      onEvent: (e) => {
        if (e.type === 'output') seen.push(Date.now() - started);
      },
    });
    expect(r.exitCode).toBe(0);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]!).toBeLessThan(2500);
    await s.end();
  });

  it('is byte-exact for binary output of many sizes, stdout and stderr apart', async () => {
    const s = fx.open();
    await s.start();
    for (const size of [0, 1, 4096, 30_000, 400_000]) {
      const data = randomBytes(size);
      const r = await collect(s, `cat; printf 'x\\0\\r' >&2`, { stdin: data });
      expect(r.stdout.equals(data)).toBe(true);
      expect(r.stderr.equals(Buffer.from('x\0\r'))).toBe(true);
    }
    await s.end();
  });

  it('interrupting a process tree that traps TERM leaves no process behind', async () => {
    const s = fx.open();
    await s.start();
    const token = `6${Math.floor(Math.random() * 1e6)}`;
    const ctl = new AbortController();
    const pending = collect(s, `trap '' TERM; (sleep ${token} &); sleep ${token}; echo never`, { signal: ctl.signal });
    for (let i = 0; i < 100 && processesWith(token).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(token).length).toBeGreaterThanOrEqual(2);
    ctl.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.stdout.toString()).toBe('');
    expect(processesWith(token)).toEqual([]);
    await s.end();
  });

  it('keeps the state changes of an interrupted line', async () => {
    const s = fx.open();
    await s.start();
    const ctl = new AbortController();
    const marker = `/tmp/smsh-kept-${randomBytes(4).toString('hex')}`;
    const pending = collect(s, `cd /usr; export KEPT=yes; touch ${marker}; sleep 600`, { signal: ctl.signal });
    for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 25));
    rmSync(marker, { force: true });
    ctl.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(s.place().cwd).toBe('/usr');
    expect((await collect(s, 'echo $KEPT')).stdout.toString()).toBe('yes\n');
    await s.end();
  });

  it('removes the session directory when the session ends', async () => {
    const s = fx.open();
    await s.start();
    expect(existsSync(`/tmp/.smsh-${process.getuid!()}/${s.id}`)).toBe(true);
    await s.end();
    for (let i = 0; i < 50 && existsSync(`/tmp/.smsh-${process.getuid!()}/${s.id}`); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`/tmp/.smsh-${process.getuid!()}/${s.id}`)).toBe(false);
  });
});

describe('lines too large for one request', () => {
  it('sends a 200 KB line in pieces and runs it', async () => {
    const s = fx.open();
    await s.start();
    const payload = randomBytes(100_000).toString('hex');
    const r = await collect(s, `X='${payload}'; printf %s "$X" | wc -c`);
    expect(r.stdout.toString().trim()).toBe('200000');
    expect(r.exitCode).toBe(0);
    await s.end();
  });
});
