import { CancelCommandCommand } from '@aws-sdk/client-ssm';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NAP_MS, PoolFixture, until } from './pool-fixture.js';

describe("the agent's command worker pool", () => {
  let f: PoolFixture | undefined;
  afterEach(async () => {
    await f?.stop();
    f = undefined;
  });

  it('runs 5, buffers 5 (InProgress, not started), holds the 11th Pending through a nap, and keeps FIFO order', async () => {
    f = await PoolFixture.start();
    const fx = f;
    const names = Array.from({ length: 11 }, (_, i) => `d${i + 1}`);
    const ids: string[] = [];
    for (const name of names) ids.push(await fx.sendGated(name));
    for (const name of names.slice(0, 5)) await fx.waitStarted(name);
    const instance = fx.instance();
    await until(() => (fx.h.emu.pool()[instance]?.waiting === 1 ? true : undefined));
    expect(fx.h.emu.pool()[instance]).toMatchObject({ workers: 5, buffer: 5, busy: 5, buffered: 5, waiting: 1 });
    expect((await fx.route()).pool[instance]).toMatchObject({ busy: 5, buffered: 5, waiting: 1, peakBusy: 5, peakBuffered: 5, peakWaiting: 1 });
    for (const [i, id] of ids.entries()) {
      const inv = await fx.invocation(id);
      expect(inv.Status).toBe(i < 10 ? 'InProgress' : 'Pending');
      if (i >= 5) expect(inv.ExecutionStartDateTime).toBe('');
    }
    expect(names.slice(5).filter((n) => fx.started(n))).toEqual([]);

    // A worker frees: the oldest buffered document starts at once; the 11th waits for its nap to end.
    const releasedAt = Date.now();
    await fx.release('d1');
    await fx.waitStarted('d6');
    expect(names.slice(6).filter((n) => fx.started(n))).toEqual([]);
    const eleventh = await until(() => fx.logOf(ids[10] ?? '')?.bufferedAt);
    const delivered = fx.logOf(ids[10] ?? '')?.deliveredAt ?? 0;
    expect(eleventh).toBeGreaterThanOrEqual(releasedAt);
    expect(eleventh - delivered).toBeGreaterThanOrEqual(NAP_MS - 5);
    expect((await fx.invocation(ids[10] ?? '')).Status).toBe('InProgress');
    expect(fx.started('d11')).toBe(false);

    for (const [i, name] of ['d2', 'd3', 'd4', 'd5', 'd6'].entries()) {
      await fx.release(name);
      await fx.waitStarted(names[i + 6] ?? '');
    }
    for (const name of names.slice(6)) await fx.release(name);
    for (const id of ids) expect(await fx.waitStatus(id, 'Success')).toMatchObject({ ResponseCode: 0 });

    const log = ids.map((id) => fx.logOf(id));
    const starts = log.map((e) => e?.startedAt ?? 0);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(log.slice(0, 5).every((e) => e?.bufferedAt === undefined)).toBe(true);
    expect(log.slice(5).every((e) => e?.bufferedAt !== undefined)).toBe(true);
    expect((starts[10] ?? 0) - delivered).toBeGreaterThanOrEqual(NAP_MS - 5);
    expect(log[0]?.comment).toBe('pool-test d1');

    const after = (await fx.route()).pool[instance];
    expect(after).toMatchObject({ busy: 0, buffered: 0, waiting: 0, peakBusy: 5, peakBuffered: 5, peakWaiting: 1 });
    expect((await fetch(`${fx.h.emu.url}/_smsh/calls/reset`, { method: 'POST' })).status).toBe(200);
    expect((await fx.route()).pool[instance]).toMatchObject({ peakBusy: 0, peakBuffered: 0, peakWaiting: 0 });
    const body = (await (await fetch(`${fx.h.emu.url}/_smsh/pool/log`)).json()) as { log: unknown[] };
    expect(body.log).toHaveLength(11);
  });

  it('starts a waiting document only when its nap ends, even if a worker freed earlier', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 0, agentNapMs: 500 });
    const a = await f.sendGated('a');
    await f.waitStarted('a');
    const b = await f.send('b', ['echo b']);
    const delivered = await until(() => f?.logOf(b)?.deliveredAt);
    await f.release('a');
    await f.waitStatus(a, 'Success');
    if (Date.now() < delivered + 400) expect((await f.invocation(b)).Status).toBe('Pending');
    await f.waitStatus(b, 'Success');
    const entry = f.logOf(b);
    expect((entry?.startedAt ?? 0) - delivered).toBeGreaterThanOrEqual(495);
    expect(entry?.startedAt ?? 0).toBeGreaterThanOrEqual(f.logOf(a)?.endedAt ?? Infinity);
  });

  it('cancels a buffered document: Cancelled, -1, never started, and its buffer slot frees', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 2 });
    const a = await f.sendGated('a');
    await f.waitStarted('a');
    const b = await f.sendGated('b');
    const c = await f.sendGated('c');
    await f.waitStatus(c, 'InProgress');
    await f.h.ssm.send(new CancelCommandCommand({ CommandId: b }));
    expect(await f.waitStatus(b, 'Cancelled')).toMatchObject({
      StatusDetails: 'Cancelled',
      ResponseCode: -1,
      StandardOutputContent: '',
      StandardErrorContent: '',
      ExecutionStartDateTime: '',
    });
    expect(f.logOf(b)).toMatchObject({ cancelled: true });
    expect(f.logOf(b)?.startedAt).toBeUndefined();
    expect(f.h.emu.pool()[f.instance()]).toMatchObject({ busy: 1, buffered: 1, waiting: 0 });
    // The freed slot takes the next document at once, without a nap.
    const d = await f.sendGated('d');
    await f.waitStatus(d, 'InProgress');
    expect((f.logOf(d)?.bufferedAt ?? Infinity) - (f.logOf(d)?.deliveredAt ?? 0)).toBeLessThan(NAP_MS);
    await f.release('a');
    await f.waitStarted('c');
    await f.release('c');
    await f.waitStarted('d');
    await f.release('d');
    for (const id of [a, c, d]) await f.waitStatus(id, 'Success');
    expect(f.started('b')).toBe(false);
  });

  it('starts buffered documents at once when configure() raises the workers, and never kills when it lowers them', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 3 });
    const ids = [await f.sendGated('a'), await f.sendGated('b'), await f.sendGated('c')];
    await f.waitStarted('a');
    await f.waitStatus(ids[2] ?? '', 'InProgress');
    expect(f.started('b') || f.started('c')).toBe(false);
    f.h.emu.configure({ agentWorkers: 3 });
    await f.waitStarted('b');
    await f.waitStarted('c');
    f.h.emu.configure({ agentWorkers: 1 });
    const d = await f.sendGated('d');
    await f.waitStatus(d, 'InProgress');
    expect(f.h.emu.pool()[f.instance()]).toMatchObject({ workers: 1, busy: 3, buffered: 1 });
    await f.release('a');
    await f.waitStatus(ids[0] ?? '', 'Success');
    expect(f.started('d')).toBe(false);
    await f.release('b');
    await f.release('c');
    await f.waitStarted('d');
    await f.release('d');
    for (const id of [...ids, d]) await f.waitStatus(id, 'Success');
  });

  it('counts executionTimeout from the script start, not from when it was buffered', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 1, executionTimeoutUnitMs: 100 });
    const a = await f.sendGated('a');
    await f.waitStarted('a');
    // '5' lasts 0.5 s here; the document waits 0.8 s in the buffer, then runs 0.2 s.
    const b = await f.send('b', ['sleep 0.2', 'echo ok'], f.instance(), { executionTimeout: ['5'] });
    await new Promise((r) => setTimeout(r, 800));
    expect((await f.invocation(b)).Status).toBe('InProgress');
    await f.release('a');
    await f.waitStatus(a, 'Success');
    expect(await f.waitStatus(b, 'Success')).toMatchObject({ StandardOutputContent: 'ok\n' });
    const c = await f.send('c', ['sleep 600'], f.instance(), { executionTimeout: ['5'] });
    expect(await f.waitStatus(c, 'TimedOut')).toMatchObject({ ResponseCode: 137 });
    const entry = f.logOf(c);
    expect((entry?.endedAt ?? 0) - (entry?.startedAt ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('makes a cancel wait behind a napping message, as the message loop does', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 0 });
    const a = await f.send('a', ['sleep 0.5', 'echo a']);
    await f.waitStatus(a, 'InProgress');
    const b = await f.send('b', ['echo b']);
    await until(() => (f?.h.emu.pool()[f.instance()]?.waiting === 1 ? true : undefined));
    await f.h.ssm.send(new CancelCommandCommand({ CommandId: a }));
    expect((await f.invocation(a)).Status).toBe('Cancelling');
    // The cancel reaches the agent only after b was submitted, by then a has finished by itself.
    expect(await f.waitStatus(a, 'Success')).toMatchObject({ StandardOutputContent: 'a\n' });
    expect(await f.waitStatus(b, 'Success')).toMatchObject({ StandardOutputContent: 'b\n' });
    expect(f.logOf(a)?.cancelled).toBeUndefined();
  });

  it('gives each instance its own pool', async () => {
    const x = 'i-0aaaaaaaaaaaaaaa1';
    const y = 'i-0aaaaaaaaaaaaaaa2';
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 0, instances: [{ instanceId: x }, { instanceId: y }] });
    await f.sendGated('x1', x);
    await f.waitStarted('x1');
    const x2 = await f.send('x2', ['echo x2'], x);
    const y1 = await f.send('y1', ['echo y1'], y);
    expect(await f.waitStatus(y1, 'Success', y)).toMatchObject({ StandardOutputContent: 'y1\n' });
    expect((await f.invocation(x2, x)).Status).toBe('Pending');
    expect(f.h.emu.pool()).toMatchObject({ [x]: { busy: 1, waiting: 1 }, [y]: { busy: 0, waiting: 0, peakBusy: 1 } });
    await f.release('x1');
    await f.waitStatus(x2, 'Success', x);
  });
});

describe("the agent's on-disk layout (a contract for scripts and the smsh client)", () => {
  let f: PoolFixture | undefined;
  afterEach(async () => {
    await f?.stop();
    f = undefined;
  });

  it('keeps <I>/document/state/pending for buffered documents and current/ for running ones, visible from a script', async () => {
    f = await PoolFixture.start({ agentWorkers: 1, agentBuffer: 2 });
    const fx = f;
    const instance = fx.instance();
    const root = path.join(fx.h.emu.stateDir, instance, 'document');
    const stateFile = (folder: string, commandId: string) => path.join(root, 'state', folder, `${commandId}.${instance}`);
    const a = await fx.sendGated('a', instance, ['s=${0%/orchestration/*}/state', 'echo "$0"', 'ls "$s/pending"', 'echo --', 'ls "$s/current"']);
    await fx.waitStarted('a');
    const b = await fx.sendGated('b');
    const c = await fx.sendGated('c');
    const d = await fx.send('d', ['true']);
    await until(() => (fx.h.emu.pool()[instance]?.waiting === 1 ? true : undefined));

    expect(existsSync(stateFile('current', a))).toBe(true);
    expect(existsSync(stateFile('pending', a))).toBe(false);
    for (const id of [b, c]) {
      expect(existsSync(stateFile('pending', id))).toBe(true);
      expect(statSync(stateFile('pending', id)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(stateFile('pending', b), 'utf8'))).toMatchObject({ DocumentInformation: { CommandID: b, InstanceID: instance } });
    // A document napping in the message loop has no state file yet.
    expect(existsSync(stateFile('pending', d)) || existsSync(stateFile('current', d))).toBe(false);
    for (const dir of [path.join(root, 'state', 'pending'), path.join(root, 'state', 'current')]) expect(statSync(dir).mode & 0o777).toBe(0o700);

    await fx.release('a');
    const seen = await fx.waitStatus(a, 'Success');
    const script = path.join(root, 'orchestration', a, 'awsrunShellScript', '0.awsrunShellScript', '_script.sh');
    expect(seen.StandardOutputContent).toBe(`${script}\n${[b, c].map((id) => `${id}.${instance}`).sort().join('\n')}\n--\n${a}.${instance}\ndone a\n`);
    expect(existsSync(stateFile('current', a))).toBe(false);

    // b got the worker: its file moved from pending/ to current/; d went into the freed buffer slot.
    await fx.waitStarted('b');
    expect(existsSync(stateFile('pending', b))).toBe(false);
    expect(existsSync(stateFile('current', b))).toBe(true);
    await until(() => (existsSync(stateFile('pending', d)) ? true : undefined));
    await fx.release('b');
    await fx.waitStarted('c');
    await fx.release('c');
    for (const id of [b, c, d]) await fx.waitStatus(id, 'Success');
    expect(readdirSync(path.join(root, 'state', 'pending'))).toEqual([]);
    expect(readdirSync(path.join(root, 'state', 'current'))).toEqual([]);
  });

  it('removes only what it owns from a state directory it did not create', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'smsh-emu-state-'));
    try {
      const instance = 'i-0bbbbbbbbbbbbbbb1';
      const foreign = path.join(own, instance, 'document', 'orchestration', 'not-ours');
      mkdirSync(foreign, { recursive: true });
      f = await PoolFixture.start({ stateDir: own, instances: [{ instanceId: instance }] });
      const a = await f.send('a', ['echo a']);
      await f.waitStatus(a, 'Success');
      expect(existsSync(path.join(own, instance, 'document', 'orchestration', a))).toBe(true);
      await f.stop();
      f = undefined;
      expect(existsSync(path.join(own, instance, 'document', 'orchestration', a))).toBe(false);
      expect(existsSync(path.join(own, instance, 'document', 'state'))).toBe(false);
      expect(existsSync(foreign)).toBe(true);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
