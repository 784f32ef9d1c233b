import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await startEngineFixture({
    throttle: { default: { ratePerSec: 40, burst: 10 } },
    faults: { internalErrorRate: 0.05, dropConnectionRate: 0.02 },
  });
});
afterAll(async () => {
  await fx?.stop();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the engine under throttling, 500s and dropped connections', () => {
  it('delivers random binary output from 0 B to 5 MB byte-exact', async () => {
    const s = fx.open();
    await s.start();
    for (const size of [0, 1, 23_999, 70_001, 5_000_000]) {
      const file = `/tmp/smsh-fault-${randomBytes(4).toString('hex')}`;
      // The emulator runs on this machine, so the bytes the remote command wrote can be read back and compared.
      const r = await collect(s, `head -c ${size} /dev/urandom | tee ${file}; printf 'e\\0\\r' >&2`);
      const expected = readFileSync(file);
      rmSync(file);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.length).toBe(size);
      expect(sha(r.stdout)).toBe(sha(expected));
      expect(r.stderr.toString('hex')).toBe(Buffer.from('e\0\r').toString('hex'));
    }
    const injected = fx.emu.faults();
    expect(injected.internalErrors + injected.droppedConnections + injected.throttled).toBeGreaterThan(0);
    await s.end();
  }, 180_000);

  it('keeps text without a final newline and carriage returns intact', async () => {
    const s = fx.open();
    await s.start();
    const r = await collect(s, `printf '10%%\\r50%%\\r100%%'`);
    expect(r.stdout.toString()).toBe('10%\r50%\r100%');
    await s.end();
  });
});
