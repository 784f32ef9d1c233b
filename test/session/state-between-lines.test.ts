// Shell state and user switching from line to line: each test pins a defect once found by reading src/remote and src/session.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await startEngineFixture();
});
afterAll(async () => {
  await fx?.stop();
});

describe('shell state between lines', () => {
  it('a directory name holding a newline is never executed as a command at the next line', async () => {
    const s = fx.open();
    await s.start();
    const tag = randomBytes(3).toString('hex');
    const marker = `smsh-injected-${tag}`;
    // The saved state starts with `#cwd:<PWD>`: a newline in PWD turns the rest into a command.
    const dir = `/tmp/rev-${tag}\ntouch ${marker}; echo INJECTED`;
    await collect(s, `mkdir -p "$(printf '/tmp/rev-${tag}\\ntouch ${marker}; echo INJECTED')" && cd /tmp/rev-${tag}*`);
    const r = await collect(s, 'true');
    const injected = existsSync(`/tmp/${marker}`) || existsSync(`${process.cwd()}/${marker}`) || existsSync(`/${marker}`);
    await collect(s, `cd /; rm -rf /tmp/rev-${tag}*`);
    rmSync(`${process.cwd()}/${marker}`, { force: true });
    rmSync(`/tmp/${marker}`, { force: true });
    await s.end();
    expect(dir).toContain('\n');
    expect(r.stdout.toString()).toBe('');
    expect(injected).toBe(false);
  });

  it('the first line runs with the umask of the agent (022), not the spool umask 077', async () => {
    const s = fx.open();
    await s.start();
    const r = await collect(s, 'umask');
    await s.end();
    expect(r.stdout.toString()).toBe('0022\n');
  });

  it('after `set -e` and a failing line, later lines still run (POSIX sh)', async () => {
    // The saved `set -o errexit` is restored before `__smsh_setrc <previous rc>`, which then
    // exits the shell before the line runs: every later line does nothing and exits 1, even `set +e`.
    const s = fx.open({ forcePosix: true });
    await s.start();
    await collect(s, 'set -e');
    await collect(s, 'false');
    const r = await collect(s, 'echo alive');
    const r2 = await collect(s, 'set +e; echo recovered');
    await s.end();
    expect(r.stdout.toString()).toBe('alive\n');
    expect(r2.stdout.toString()).toBe('recovered\n');
  });

  it('changing IFS does not lose every variable', async () => {
    const s = fx.open();
    await s.start();
    await collect(s, 'export KEEP=me; IFS=,');
    const r = await collect(s, 'echo "$KEEP"');
    await s.end();
    expect(r.stdout.toString()).toBe('me\n');
  });

  it('changing IFS does not lose every variable (POSIX sh)', async () => {
    const s = fx.open({ forcePosix: true });
    await s.start();
    await collect(s, 'export KEEP=me; IFS=,');
    const r = await collect(s, 'echo "$KEEP"');
    await s.end();
    expect(r.stdout.toString()).toBe('me\n');
  });

  it('a user-defined cd function does not print at the start of every later line', async () => {
    const s = fx.open();
    await s.start();
    await collect(s, 'cd() { builtin cd "$@" && echo "now in $PWD"; }');
    const r = await collect(s, 'echo only-this');
    await s.end();
    expect(r.stdout.toString()).toBe('only-this\n');
  });

  it('`set -x` traces the line, not smsh\'s own state restore and save', async () => {
    const s = fx.open({ forcePosix: true });
    await s.start();
    await collect(s, 'SECRET=hunter2; set -x');
    const r = await collect(s, 'echo hi');
    await s.end();
    expect(r.stdout.toString()).toBe('hi\n');
    expect(r.stderr.toString()).not.toContain('hunter2');
    expect(r.stderr.toString()).toBe('+ echo hi\n');
  });
});

describe('user switching', () => {
  it('`su` to a user that does not exist fails like su and leaves the session as it was', async () => {
    const s = fx.open();
    await s.start();
    let failed = false;
    try {
      const r = await collect(s, 'su nosuchuser-smsh');
      failed = r.exitCode !== 0;
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    expect(s.place().user).toBe('root');
    const r = await collect(s, 'id -un');
    await s.end();
    expect(r.stdout.toString()).toBe('root\n');
  });

  it('a second `su` at the same depth starts fresh, not from the state of the user that was popped', async () => {
    const s = fx.open();
    await s.start();
    await collect(s, 'su nobody');
    await collect(s, 'export LEFT_BY_NOBODY=1; cd /');
    await collect(s, 'exit');
    await collect(s, 'cd /tmp');
    await collect(s, 'su');
    const r = await collect(s, 'id -un; echo "user=$USER left=${LEFT_BY_NOBODY-}"; pwd');
    await s.end();
    // Root at depth 1 must not evaluate a state file written by nobody's shell.
    expect(r.stdout.toString()).toBe('root\nuser=root left=\n/tmp\n');
  });
});

describe('sessions a dead client left', () => {
  it('a new session removes an idle stale session and an old tombstone in the background, and spares a stale one whose line still runs', async () => {
    const base = `/tmp/.smsh-${process.getuid?.() ?? 0}`;
    const stale = randomBytes(8).toString('hex');
    const busy = randomBytes(8).toString('hex');
    const tomb = `${base}/.${randomBytes(8).toString('hex')}.done`;
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      // Made from this process once the base exists (a first session creates it, private).
      const s0 = fx.open();
      await s0.start();
      await s0.end();
      for (const id of [stale, busy]) mkdirSync(`${base}/${id}/1`, { recursive: true, mode: 0o700 });
      writeFileSync(`${base}/${busy}/1/kpid`, `${sleeper.pid}\n`);
      writeFileSync(tomb, '');
      const old = new Date(Date.now() - 8 * 24 * 3600_000);
      for (const id of [stale, busy]) {
        writeFileSync(`${base}/${id}/lease`, '');
        utimesSync(`${base}/${id}/lease`, old, old);
      }
      utimesSync(tomb, old, old);
      const s = fx.open();
      await s.start();
      await s.end();
      const deadline = Date.now() + 5_000;
      while (existsSync(`${base}/${stale}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(`${base}/${stale}`)).toBe(false);
      expect(existsSync(tomb)).toBe(false);
      expect(existsSync(`${base}/${busy}/1/kpid`)).toBe(true);
    } finally {
      sleeper.kill();
      rmSync(`${base}/${busy}`, { recursive: true, force: true });
      rmSync(`${base}/${stale}`, { recursive: true, force: true });
      rmSync(tomb, { force: true });
    }
  });
});
