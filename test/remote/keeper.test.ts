import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { KEEPER, watchdogTickMs } from '../../src/remote/keeper.js';

// The keeper runs a line in its own session and is its parent for its whole life: these tests run
// it with dash, as the agent's `sh` would, on a spool laid out as the run script lays it out.
const work = mkdtempSync(path.join(tmpdir(), 'smsh-keeper-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function spool(name: string) {
  const S = path.join(work, name);
  const C = path.join(S, '1');
  const L = path.join(S, 'u0');
  mkdirSync(C, { recursive: true });
  mkdirSync(L);
  writeFileSync(path.join(C, 'line'), '');
  writeFileSync(path.join(L, 'state'), '');
  writeFileSync(path.join(S, 'lease'), '');
  return { S, C, L, tomb: path.join(work, `.${name}`) };
}

function keep(s: ReturnType<typeof spool>, limits: { hup: number; tmo: number }, command: string[]) {
  const tick = watchdogTickMs({ hangupMs: limits.hup, timeoutMs: limits.tmo, graceTenths: 2 });
  const args = ['-c', KEEPER, 'smsh-keeper', s.C, s.L, '/dev/null', String(limits.hup), String(limits.tmo), '2', s.S, s.tomb, (tick / 1000).toFixed(1), String(tick), ...command];
  const child = spawn('/usr/bin/dash', args, { stdio: 'ignore', detached: true });
  return new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await delay(50)) if (check()) return true;
  return check();
}

describe('the keeper', () => {
  it('writes the exit code, then rc, once the line ends', async () => {
    const s = spool('plain');
    await keep(s, { hup: 0, tmo: 0 }, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('7\n');
    expect(readFileSync(path.join(s.C, 'out'), 'utf8')).toBe('out\n');
    expect(readFileSync(path.join(s.C, 'err'), 'utf8')).toBe('err\n');
    expect(Number(readFileSync(path.join(s.C, 'kpid'), 'utf8'))).toBeGreaterThan(1);
    expect(existsSync(path.join(s.C, 'stop'))).toBe(false);
  });

  it('stops a line at its execution timeout: TERM first, and says why', async () => {
    const s = spool('timeout');
    const started = Date.now();
    await keep(s, { hup: 0, tmo: 600 }, ['sh', '-c', 'sleep 30']);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(path.join(s.C, 'stop'), 'utf8')).toBe('timeout\n');
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('143\n');
  });

  it('hangs a line up when no script touched the lease for the hang-up time, then removes the spool and leaves a tombstone', async () => {
    const s = spool('hangup');
    const heard = path.join(work, 'heard-hup');
    const ended = keep(s, { hup: 800, tmo: 0 }, ['sh', '-c', `trap 'echo hup >${heard}; exit 129' HUP; while :; do sleep 0.1; done`]);
    await ended;
    expect(readFileSync(heard, 'utf8')).toBe('hup\n');
    expect(await until(() => !existsSync(s.S), 3_000)).toBe(true);
    expect(existsSync(`${s.tomb}.hup`)).toBe(true);
  });

  it('keeps a line whose client keeps touching the lease', async () => {
    const s = spool('alive');
    const lease = path.join(s.S, 'lease');
    const toucher = setInterval(() => {
      const now = new Date();
      utimesSync(lease, now, now);
    }, 150);
    try {
      await keep(s, { hup: 600, tmo: 0 }, ['sh', '-c', 'sleep 2; exit 3']);
    } finally {
      clearInterval(toucher);
    }
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('3\n');
    expect(existsSync(path.join(s.C, 'stop'))).toBe(false);
  });

  it.each([
    [{ hangupMs: 300_000, timeoutMs: 172_800_000, graceTenths: 20 }, 2_000],
    [{ hangupMs: 0, timeoutMs: 0, graceTenths: 20 }, 2_000],
    [{ hangupMs: 10_000, timeoutMs: 0, graceTenths: 20 }, 500],
    [{ hangupMs: 600, timeoutMs: 0, graceTenths: 20 }, 200],
  ])('looks every twentieth of its shortest limit, between 0.2 and 2 s: %j → %i ms', (limits, tick) => {
    expect(watchdogTickMs(limits)).toBe(tick);
  });
});
