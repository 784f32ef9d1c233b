// A SendCommand whose response is lost after AWS acted on it, retried by callAws
// (SendCommand is sent with the default `idempotent: true`, so 5xx and dropped connections are
// retried). The emulator drops connections before acting, so the lost response is simulated by a
// port that sends the run script twice and returns the second CommandId, exactly what a retry does.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGovernor } from '../../src/aws/governor.js';
import { createSsmPort, type SsmPort } from '../../src/session/ssm-port.js';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await startEngineFixture();
});
afterAll(async () => {
  await fx?.stop();
});

/** A port whose SendCommand of a run script "loses" the first response: the script is delivered twice. */
function lossyPort(gapMs: number): SsmPort & { duplicated: number } {
  const inner = createSsmPort({ ssm: fx.ssm, governor: createGovernor(), instanceId: fx.instanceId, minRetryMs: 10, maxRetryMs: 200 });
  let armed = false;
  const port = {
    duplicated: 0,
    get calls() {
      return inner.calls;
    },
    async send(script: string, options: Parameters<SsmPort['send']>[1]) {
      if (armed && script.includes('echo "SMSH1 run"')) {
        armed = false;
        port.duplicated++;
        await inner.send(script, options); // reached AWS, response lost
        await delay(gapMs); // callAws backoff before the retry
      }
      return inner.send(script, options);
    },
    get: inner.get.bind(inner),
    cancel: inner.cancel.bind(inner),
    findInvocations: inner.findInvocations.bind(inner),
    arm() {
      armed = true;
    },
  };
  return port as SsmPort & { duplicated: number; arm(): void };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | 'timed out'> {
  return Promise.race([p, delay(ms).then(() => 'timed out' as const)]);
}

describe('a run SendCommand delivered twice (lost response, retried)', () => {
  it('runs the line once, not twice', async () => {
    const port = lossyPort(300) as SsmPort & { duplicated: number; arm(): void };
    const s = fx.open({ port });
    await s.start();
    const file = `/tmp/smsh-twice-${randomBytes(4).toString('hex')}`;
    port.arm();
    const r = await within(collect(s, `echo ran >> ${file}; echo hello`), 15_000);
    const runs = existsSync(file) ? readFileSync(file, 'utf8') : '';
    rmSync(file, { force: true });
    await s.end();
    expect(port.duplicated).toBe(1);
    // The first delivery finished and removed <n>/ before the retry arrived, so `mkdir <n>`
    // succeeded again and the retry ran the line a second time.
    expect(runs).toBe('ran\n');
    expect(r).not.toBe('timed out');
  }, 30_000);

  it('in one-shot mode too (the first delivery removed the whole session directory)', async () => {
    const port = lossyPort(300) as SsmPort & { duplicated: number; arm(): void };
    const s = fx.open({ port, oneShot: true });
    const file = `/tmp/smsh-twice-${randomBytes(4).toString('hex')}`;
    port.arm();
    const r = await within(collect(s, `echo ran >> ${file}; echo hello`), 15_000);
    const runs = existsSync(file) ? readFileSync(file, 'utf8') : '';
    rmSync(file, { force: true });
    expect(port.duplicated).toBe(1);
    expect(runs).toBe('ran\n');
    expect(r).not.toBe('timed out');
    // Nothing of the session may be left on the instance.
    const base = `/tmp/.smsh-${process.getuid!()}`;
    expect(existsSync(`${base}/${s.id}`) ? readdirSync(`${base}/${s.id}`) : []).toEqual([]);
  }, 30_000);

  it('finishes (with the output) when the retry finds the line already done by the first delivery', async () => {
    // The retry arrives while the first delivery is still running: it prints `dup` and the client
    // follows with readers. If the first delivery then completes with all output in its own frame,
    // it removes <n>/ (nothing was streamed yet), every reader answers `nocmd`, and the client's
    // `dup` run frame sends it round the loop again, forever.
    // Agent delivery takes a while (as on AWS), so the first reader starts after the line ended.
    fx.emu.configure({ latency: { deliveryMs: 600, deliveryJitterMs: 0, reportMs: 0, reportJitterMs: 0 } });
    const port = lossyPort(50) as SsmPort & { duplicated: number; arm(): void };
    const s = fx.open({ port });
    await s.start();
    port.arm();
    const r = await within(collect(s, 'sleep 0.3; echo hello'), 15_000);
    const sends = port.calls.SendCommand ?? 0;
    fx.emu.configure({ latency: 'none' });
    await s.end();
    expect(r).not.toBe('timed out');
    if (r !== 'timed out') expect(r.stdout.toString()).toBe('hello\n');
    expect(sends).toBeLessThan(10);
  }, 30_000);
});
