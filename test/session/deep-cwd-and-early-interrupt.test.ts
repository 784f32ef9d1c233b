// Frame size with a long cwd, and an interrupt that arrives before the line's pid exists.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await startEngineFixture();
});
afterAll(async () => {
  await fx?.stop();
});

describe('output in a deep directory', () => {
  it('incompressible output is delivered in a deep directory (the cwd word is not counted in the frame budget)', async () => {
    const s = fx.open();
    await s.start();
    const root = `/tmp/smsh-deep-${randomBytes(3).toString('hex')}`;
    // 2,800 bytes of cwd: its b64 word (~3,800 chars) plus 22,000 of chunk data exceed the 24,000 cap.
    const dir = `${root}/${Array.from({ length: 13 }, () => 'd'.repeat(200)).join('/')}`;
    await collect(s, `mkdir -p ${dir} && cd ${dir}`);
    let result: string;
    try {
      const r = await collect(s, 'head -c 60000 /dev/urandom | wc -c >&2; head -c 60000 /dev/urandom');
      result = `${r.stdout.length}`;
    } catch (error) {
      result = (error as Error).message;
    }
    await collect(s, `cd /; rm -rf ${root}`);
    await s.end();
    expect(result).toBe('60000');
  });
});

describe('an interrupt right after sending', () => {
  it('an interrupt right after sending delivers SIGTERM to the line (or stops it before it starts), never a bare SIGKILL', async () => {
    // The cancel script finds no `pid` yet, prints `state nopid`, and the client then calls
    // CancelCommand at once: the agent SIGKILLs the run script and the watchdog SIGKILLs the line,
    // so its TERM trap never runs and the state it changed is lost (exit 137).
    const s = fx.open();
    await s.start();
    const marker = `/tmp/smsh-early-${randomBytes(4).toString('hex')}`;
    const ctl = new AbortController();
    const out: Buffer[] = [];
    const r = await s.run(`trap 'echo TERMED; exit 7' TERM; touch ${marker}; sleep 600 & wait`, {
      signal: ctl.signal,
      onEvent: (e) => {
        if (e.type === 'status' && e.phase === 'sent') ctl.abort();
        if (e.type === 'output' && e.stream === 'stdout') out.push(e.data);
      },
    });
    const started = existsSync(marker);
    rmSync(marker, { force: true });
    await s.end();
    expect(r.cancelled).toBe(true);
    if (started) {
      expect(Buffer.concat(out).toString()).toBe('TERMED\n');
      expect(r.exitCode).toBe(7);
    } else {
      expect(r.exitCode).not.toBe(137);
    }
  });
});
