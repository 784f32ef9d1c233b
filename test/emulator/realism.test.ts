import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { errorDetailsOf, clientConfig, waitForInvocation, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';


describe('realism knobs', () => {
  let h: EmulatorHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const sendInput = (instanceId: string, commands = ['echo hi']) => ({
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [instanceId],
    Parameters: { commands },
  });

  it('answers GetCommandInvocation with InvocationDoesNotExist right after SendCommand, then finds it', async () => {
    h = await withEmulator({ maxAttempts: 1, invocationNotFoundMs: 300 });
    const id = h.emu.instances[0]?.instanceId ?? '';
    const sent = await h.ssm.send(new SendCommandCommand(sendInput(id)));
    const commandId = sent.Command?.CommandId ?? '';
    const early = await errorDetailsOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id })));
    expect(early).toMatchObject({ name: 'InvocationDoesNotExist', status: 400 });
    await new Promise((r) => setTimeout(r, 320));
    const later = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
    expect(later.Status).toBe('Success');
  });

  it('has the InvocationDoesNotExist window on by default, and 0 disables it', async () => {
    h = await withEmulator({ maxAttempts: 1 });
    const id = h.emu.instances[0]?.instanceId ?? '';
    const commandId = (await h.ssm.send(new SendCommandCommand(sendInput(id)))).Command?.CommandId ?? '';
    expect(await errorDetailsOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id })))).toMatchObject({
      name: 'InvocationDoesNotExist',
    });
    h.emu.configure({ invocationNotFoundMs: 0 });
    expect((await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }))).CommandId).toBe(commandId);
  });

  it('goes Pending → InProgress → Success with delivery and report delays', async () => {
    h = await withEmulator({
      invocationNotFoundMs: 0,
      latency: { deliveryMs: 250, deliveryJitterMs: 0, reportMs: 250, reportJitterMs: 0 },
    });
    const id = h.emu.instances[0]?.instanceId ?? '';
    const started = Date.now();
    const commandId = (await h.ssm.send(new SendCommandCommand(sendInput(id, ['echo fast'])))).Command?.CommandId ?? '';
    const seen: string[] = [];
    let last;
    do {
      last = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
      if (seen.at(-1) !== last.Status) seen.push(last.Status ?? '');
      await new Promise((r) => setTimeout(r, 20));
    } while (last.Status !== 'Success' && Date.now() - started < 5000);
    expect(seen).toEqual(['Pending', 'InProgress', 'Success']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    expect(last.StandardOutputContent).toBe('fast\n');
  });

  it('throttles with ThrottlingException (HTTP 400) as the SDK expects, and starts nothing', async () => {
    h = await withEmulator({ maxAttempts: 1, invocationNotFoundMs: 0, throttle: { SendCommand: { ratePerSec: 0.001, burst: 1 } } });
    const id = h.emu.instances[0]?.instanceId ?? '';
    await h.ssm.send(new SendCommandCommand(sendInput(id)));
    const e = await errorDetailsOf(h.ssm.send(new SendCommandCommand(sendInput(id))));
    expect(e).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', status: 400 });
    expect((await h.ssm.send(new ListCommandsCommand({}))).Commands).toHaveLength(1);
    expect(h.emu.faults().throttled).toBe(1);
    expect(h.emu.calls().SendCommand).toBe(2);
  });

  it('lets the SDK retry throttled calls by itself', async () => {
    h = await withEmulator({ throttle: { default: { ratePerSec: 20, burst: 1 } } });
    await h.ssm.send(new DescribeInstanceInformationCommand({}));
    const out = await h.ssm.send(new DescribeInstanceInformationCommand({}));
    expect(out.$metadata.attempts).toBeGreaterThan(1);
  });

  it('throttles EC2 with RequestLimitExceeded (HTTP 400)', async () => {
    h = await withEmulator({ maxAttempts: 1, throttle: { DescribeInstances: { ratePerSec: 0.001, burst: 0 } } });
    expect(await errorDetailsOf(h.ec2.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'RequestLimitExceeded', status: 400 });
    expect((await h.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(h.emu.accountId);
  });

  it('injects InternalServerError (HTTP 500) before the operation runs', async () => {
    h = await withEmulator({ maxAttempts: 1, invocationNotFoundMs: 0, faults: { internalErrorRate: 1, operations: ['SendCommand'] } });
    const id = h.emu.instances[0]?.instanceId ?? '';
    expect(await errorDetailsOf(h.ssm.send(new SendCommandCommand(sendInput(id))))).toMatchObject({ name: 'InternalServerError', status: 500 });
    expect((await h.ssm.send(new ListCommandsCommand({}))).Commands).toHaveLength(0);
    expect(h.emu.faults()).toMatchObject({ internalErrors: 1, droppedConnections: 0 });
  });

  it('injects EC2 InternalError (HTTP 500)', async () => {
    h = await withEmulator({ maxAttempts: 1, faults: { internalErrorRate: 1 } });
    expect(await errorDetailsOf(h.ec2.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'InternalError', status: 500 });
  });

  it('drops connections without an answer, which the SDK sees as a network error', async () => {
    h = await withEmulator({ maxAttempts: 1, faults: { dropConnectionRate: 1 } });
    const e = await errorDetailsOf(h.ssm.send(new DescribeInstanceInformationCommand({})));
    expect(e.status).toBeUndefined();
    expect(`${e.name} ${e.code ?? ''} ${e.message}`).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(h.emu.faults().droppedConnections).toBe(1);
  });

  it('answers a share of calls as throttled with throttleRate, before the operation runs', async () => {
    h = await withEmulator({ maxAttempts: 1, invocationNotFoundMs: 0, faults: { throttleRate: 1, operations: ['SendCommand'] } });
    const id = h.emu.instances[0]?.instanceId ?? '';
    expect(await errorDetailsOf(h.ssm.send(new SendCommandCommand(sendInput(id))))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    expect((await h.ssm.send(new ListCommandsCommand({}))).Commands).toHaveLength(0);
    expect(h.emu.faults()).toMatchObject({ throttled: 1, internalErrors: 0, droppedConnections: 0 });
  });

  it('makes the same fault decisions for the same seed', async () => {
    const pattern = async (): Promise<string> => {
      const run = await withEmulator({ maxAttempts: 1, faults: { internalErrorRate: 0.5, seed: 42 } });
      let out = '';
      for (let i = 0; i < 12; i++) {
        out += await run.sts.send(new GetCallerIdentityCommand({})).then(
          () => '.',
          () => 'x',
        );
      }
      await run.stop();
      return out;
    };
    const first = await pattern();
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await pattern()).toBe(first);
  });

  it('counts calls per operation, readable in-process and over HTTP, and resets them', async () => {
    h = await withEmulator({ maxAttempts: 1 });
    await h.ssm.send(new DescribeInstanceInformationCommand({}));
    await h.ssm.send(new DescribeInstanceInformationCommand({}));
    await h.ec2.send(new DescribeInstancesCommand({}));
    await h.sts.send(new GetCallerIdentityCommand({}));
    expect(h.emu.calls()).toEqual({ DescribeInstanceInformation: 2, DescribeInstances: 1, GetCallerIdentity: 1 });
    const res = await fetch(`${h.emu.url}/_smsh/calls`);
    expect(await res.json()).toEqual({
      calls: { DescribeInstanceInformation: 2, DescribeInstances: 1, GetCallerIdentity: 1 },
      faults: { throttled: 0, internalErrors: 0, droppedConnections: 0 },
      pool: {
        [h.emu.instances[0]?.instanceId ?? '']: { workers: 5, buffer: 5, busy: 0, buffered: 0, waiting: 0, peakBusy: 0, peakBuffered: 0, peakWaiting: 0 },
      },
    });
    expect((await fetch(`${h.emu.url}/_smsh/calls/reset`, { method: 'POST' })).status).toBe(200);
    expect(h.emu.calls()).toEqual({});
    h.emu.resetCalls();
  });

  it('changes throttling and faults at runtime with configure()', async () => {
    h = await withEmulator({ maxAttempts: 1 });
    await h.sts.send(new GetCallerIdentityCommand({}));
    h.emu.configure({ faults: { internalErrorRate: 1 } });
    expect(await errorDetailsOf(h.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InternalFailure', status: 500 });
    h.emu.configure({ faults: null, throttle: { default: { ratePerSec: 0.001, burst: 0 } } });
    expect(await errorDetailsOf(h.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'Throttling' });
    h.emu.configure({ throttle: null });
    expect((await h.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(h.emu.accountId);
  });

  it('serves clients created from clientConfig() and stops cleanly twice', async () => {
    h = await withEmulator({ invocationNotFoundMs: 0 });
    const ssm = new SSMClient(clientConfig(h.emu));
    const id = h.emu.instances[0]?.instanceId ?? '';
    const sent = await ssm.send(new SendCommandCommand(sendInput(id)));
    expect((await waitForInvocation(ssm, sent.Command?.CommandId ?? '', id)).Status).toBe('Success');
    ssm.destroy();
    await h.emu.stop();
    await h.emu.stop();
  });
});
