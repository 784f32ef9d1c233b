import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, uploadFile } from '../../src/transfer/remote-files.js';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

// The agent runs 5 documents at once per instance (and buffers 5): the emulator models that pool,
// and these tests read its peaks to show that a session holds few workers whatever it does, and
// gives them back when someone else waits.
let fx: EngineFixture;
const work = mkdtempSync(path.join(tmpdir(), 'smsh-budget-'));
const big = path.join(work, 'big');
beforeAll(async () => {
  fx = await startEngineFixture();
  writeFileSync(big, Buffer.from(Array.from({ length: 40_000 }, (_, i) => `${i} ${randomBytes(12).toString('hex')} GET /x\n`).join('')));
});
afterAll(async () => {
  await fx?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => fx.emu.resetCalls());

const pool = () => fx.emu.pool()[fx.instanceId]!;

describe('the worker budget, measured by the emulated agent', () => {
  it('holds no worker at an idle prompt', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    await delay(1_000);
    expect(pool()).toMatchObject({ busy: 0, peakBusy: 0 });
    await s.end();
  });

  it('holds at most one worker while a silent line runs (the line itself holds none)', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    const r = await collect(s, 'sleep 2.5; echo done');
    expect(r.stdout.toString()).toBe('done\n');
    expect(pool().peakBusy).toBeLessThanOrEqual(1);
    await s.end();
  });

  it('holds at most two workers while output flows', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    const r = await collect(s, 'for i in $(seq 1 40); do echo "line $i"; sleep 0.05; done');
    expect(r.stdout.toString().split('\n')).toHaveLength(41);
    expect(pool().peakBusy).toBeLessThanOrEqual(2);
    await s.end();
  });

  it('holds at most three workers while a big output is read, and never queues behind itself', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    const r = await collect(s, `cat '${big}'`);
    expect(r.stdout.equals(readFileSync(big))).toBe(true);
    expect(pool().peakBusy).toBeLessThanOrEqual(3);
    expect(pool()).toMatchObject({ peakBuffered: 0, peakWaiting: 0 });
    expect(s.channel.budget.peakInUse).toBeLessThanOrEqual(3);
    await s.end();
  });

  it('holds at most three workers while a file is copied up and down', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    const data = randomBytes(600_000);
    const target = path.join(work, 'copied');
    await uploadFile(s, target, data);
    const back = await downloadFile(s, target);
    expect(back.data.equals(data)).toBe(true);
    expect(pool().peakBusy).toBeLessThanOrEqual(3);
    expect(pool()).toMatchObject({ peakBuffered: 0, peakWaiting: 0 });
    await s.end();
  });

  it('holds at most three workers while a line is interrupted', async () => {
    const s = fx.open();
    await s.start();
    fx.emu.resetCalls();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 1_200);
    const r = await s.run('while :; do echo tick; sleep 0.05; done', { signal: stop.signal });
    expect(r.cancelled).toBe(true);
    expect(pool().peakBusy).toBeLessThanOrEqual(3);
    await s.end();
  });
});

describe('sharing the instance', () => {
  it('gives its worker back to a foreign command waiting in a full pool, and still delivers every byte', async () => {
    const s = fx.open({ readerWaitMs: 20_000 });
    await s.start();
    const line = collect(s, 'sleep 4; echo survived');
    await delay(1_000); // the run script or a reader now waits on the instance
    // Four foreign documents fill the other workers, as Patch Manager or another user would.
    const send = (command: string) =>
      fx.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [fx.instanceId], Parameters: { commands: [command] } }));
    for (let i = 0; i < 4; i++) await send('sleep 3');
    await delay(300);
    const sentAt = Date.now();
    const foreign = (await send('true')).Command!.CommandId!;
    let status = '';
    while (Date.now() - sentAt < 5_000) {
      status = await fx.ssm.send(new GetCommandInvocationCommand({ CommandId: foreign, InstanceId: fx.instanceId })).then(
        (inv) => inv.Status ?? '',
        () => 'not yet visible', // InvocationDoesNotExist right after sending
      );
      if (status === 'Success') break;
      await delay(50);
    }
    const waited = Date.now() - sentAt;
    expect(status).toBe('Success');
    expect(waited).toBeLessThan(1_500);
    const r = await line;
    expect({ code: r.exitCode, out: r.stdout.toString() }).toEqual({ code: 0, out: 'survived\n' });
    await s.end();
  });
});
