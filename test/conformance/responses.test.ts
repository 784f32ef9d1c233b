import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET, UNKNOWN_COMMAND, UNKNOWN_INSTANCE, startFleet, type Emulator } from './fixture.js';
import { conforming, conformingError, get } from './assertions.js';
import type { Verdict } from './response-body.js';
import { modelsOrWarn } from './service-model.js';
import { ec2Filters, queryCall, ssmCall, type Endpoint } from './signed-http.js';

// Every response the emulator sends, success or error, checked byte for byte against the
// botocore models over real HTTP: requests are signed by hand and the raw body is validated.

const hasModels = modelsOrWarn();
const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

const bad = (ep: Endpoint, change: Partial<Endpoint['credentials']>): Endpoint => ({ ...ep, credentials: { ...ep.credentials, ...change } });

describe.skipIf(!hasModels)('every emulator response validates against the botocore service models', () => {
  let emu: Emulator;

  beforeAll(async () => {
    // Execution timeouts are counted in tenths of a second here, so TimedOut takes 0.5 s.
    emu = await startFleet({ executionTimeoutUnitMs: 100 });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  async function send(commands: string[], extra: Record<string, unknown> = {}, instanceId: string = FLEET.linux.instanceId): Promise<string> {
    const res = await ssmCall(emu, 'SendCommand', { DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId], Parameters: { commands }, ...extra });
    const v = conforming('ssm', 'SendCommand', res);
    expect(get(v.value, 'Command', 'Status')).toBe('Pending');
    return String(get(v.value, 'Command', 'CommandId'));
  }

  /** Polls GetCommandInvocation, validating every body, until `stop(status)`; returns all statuses and the last body. */
  async function pollInvocation(commandId: string, stop: (status: string) => boolean = (s) => TERMINAL.has(s)): Promise<{ seen: string[]; last: unknown }> {
    const seen: string[] = [];
    for (let i = 0; i < 400; i++) {
      const v = conforming('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: commandId, InstanceId: FLEET.linux.instanceId }));
      const status = String(get(v.value, 'Status'));
      if (seen.at(-1) !== status) seen.push(status);
      if (stop(status)) return { seen, last: v.value };
      await sleep(25);
    }
    throw new Error(`invocation ${commandId} stuck; statuses seen: ${seen.join(' → ')}`);
  }

  describe.concurrent('answers to valid requests', () => {
    it('answers SendCommand with a Pending Command that conforms', async () => {
      const res = await ssmCall(emu, 'SendCommand', { DocumentName: 'AWS-RunShellScript', InstanceIds: [FLEET.linux.instanceId], Parameters: { commands: ['true'], executionTimeout: ['60'] }, Comment: 'conformance', TimeoutSeconds: 60 });
      const v = conforming('ssm', 'SendCommand', res);
      expect(v.value).toMatchObject({ Command: { DocumentName: 'AWS-RunShellScript', InstanceIds: [FLEET.linux.instanceId], Comment: 'conformance', Status: 'Pending', TargetCount: 1 } });
      await pollInvocation(String(get(v.value, 'Command', 'CommandId')));
    });

    it('keeps GetCommandInvocation conformant through Pending/InProgress to Success', async () => {
      const id = await send(['sleep 0.5', 'echo conformance-ok']);
      const { seen, last } = await pollInvocation(id);
      expect(seen.at(-1)).toBe('Success');
      expect(seen).toContain('InProgress');
      expect(last).toMatchObject({ ResponseCode: 0, StandardOutputContent: 'conformance-ok\n', StatusDetails: 'Success' });
    });

    it('answers GetCommandInvocation for a Failed run with the exit code, conformantly', async () => {
      const { seen, last } = await pollInvocation(await send(['echo oops >&2', 'exit 3']));
      expect(seen.at(-1)).toBe('Failed');
      expect(last).toMatchObject({ ResponseCode: 3, StandardErrorContent: expect.stringMatching(/^oops\n/), StatusDetails: 'Failed' });
    });

    it('answers GetCommandInvocation for a TimedOut run conformantly', async () => {
      const { seen, last } = await pollInvocation(await send(['sleep 30'], { Parameters: { commands: ['sleep 30'], executionTimeout: ['5'] } }));
      expect(seen.at(-1)).toBe('TimedOut');
      expect(last).toMatchObject({ StatusDetails: 'ExecutionTimedOut' });
    });

    it('answers CancelCommand with an empty object and the invocation ends Cancelled, conformantly', async () => {
      const id = await send(['sleep 600']);
      await pollInvocation(id, (s) => s === 'InProgress');
      const cancel = conforming('ssm', 'CancelCommand', await ssmCall(emu, 'CancelCommand', { CommandId: id, InstanceIds: [FLEET.linux.instanceId] }));
      expect(cancel.value).toEqual({});
      const { seen, last } = await pollInvocation(id);
      expect(seen.at(-1)).toBe('Cancelled');
      expect(last).toMatchObject({ ResponseCode: 137 });
    });

    it('stays within the model\'s output caps for 30,000 bytes of stdout and 10,000 of stderr, in every listing', async () => {
      const id = await send(['head -c 30000 /dev/zero | tr "\\0" o', 'head -c 10000 /dev/zero | tr "\\0" e >&2']);
      const { last } = await pollInvocation(id);
      expect(last).toMatchObject({ Status: 'Success', StandardOutputContent: expect.stringMatching(/--output truncated--$/) });
      const detailed = conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id, Details: true }));
      expect(get(detailed.value, 'CommandInvocations', 0, 'CommandPlugins', 0, 'Output')).toEqual(expect.any(String));
    });

    it('answers ListCommandInvocations with and without Details, and ListCommands, conformantly', async () => {
      const id = await send(['echo listed']);
      await pollInvocation(id);
      const plain = conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id }));
      expect(get(plain.value, 'CommandInvocations', 0)).toMatchObject({ CommandId: id, InstanceId: FLEET.linux.instanceId, Status: 'Success' });
      const detailed = conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id, Details: true }));
      expect(get(detailed.value, 'CommandInvocations', 0, 'CommandPlugins', 0)).toMatchObject({ Name: 'aws:runShellScript', Status: 'Success', ResponseCode: 0, Output: 'listed\n' });
      conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { InstanceId: FLEET.linux.instanceId, Details: true, MaxResults: 50 }));
      conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', {}));
      const byId = conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', { CommandId: id }));
      expect(get(byId.value, 'Commands', 0)).toMatchObject({ CommandId: id, Status: 'Success', CompletedCount: 1, TargetCount: 1 });
      conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}));
      conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', { InstanceId: FLEET.linux.instanceId, MaxResults: 5 }));
    });

    it('answers DescribeInstanceInformation conformantly, without the stopped instance', async () => {
      const v = conforming('ssm', 'DescribeInstanceInformation', await ssmCall(emu, 'DescribeInstanceInformation', {}));
      const ids = ((get(v.value, 'InstanceInformationList') as unknown[] | undefined) ?? []).map((i) => get(i, 'InstanceId'));
      expect(ids).toEqual(expect.arrayContaining([FLEET.linux.instanceId, FLEET.windows.instanceId, FLEET.offline.instanceId, FLEET.hybrid.instanceId]));
      expect(ids).not.toContain(FLEET.stopped.instanceId);
      const page = conforming('ssm', 'DescribeInstanceInformation', await ssmCall(emu, 'DescribeInstanceInformation', { MaxResults: 5 }));
      expect(get(page.value, 'InstanceInformationList', 0)).toBeDefined();
    });

    it('answers EC2 DescribeInstances conformantly, unfiltered and for each supported filter', async () => {
      const idsOf = (v: Verdict): unknown[] => ((get(v.value, 'Reservations') as unknown[] | undefined) ?? []).flatMap((r) => ((get(r, 'Instances') as unknown[] | undefined) ?? []).map((i) => get(i, 'InstanceId')));
      const call = async (params: Record<string, string>): Promise<unknown[]> => idsOf(conforming('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', params)));
      const all = await call({});
      expect(all).toEqual(expect.arrayContaining([FLEET.linux.instanceId, FLEET.windows.instanceId, FLEET.stopped.instanceId]));
      expect(all).not.toContain(FLEET.hybrid.instanceId);
      expect(await call(ec2Filters({ 'tag:Name': [FLEET.linux.name] }))).toEqual([FLEET.linux.instanceId]);
      expect(await call(ec2Filters({ 'tag-key': ['Env'], 'instance-state-name': ['running'] }))).toEqual(expect.arrayContaining([FLEET.linux.instanceId, FLEET.windows.instanceId]));
      expect(await call(ec2Filters({ 'instance-id': [FLEET.windows.instanceId] }))).toEqual([FLEET.windows.instanceId]);
      expect(await call(ec2Filters({ 'private-ip-address': [FLEET.linux.privateIp] }))).toEqual([FLEET.linux.instanceId]);
      expect(await call(ec2Filters({ 'ip-address': [FLEET.linux.publicIp] }))).toEqual([FLEET.linux.instanceId]);
      expect(await call(ec2Filters({ 'instance-state-name': ['stopped'] }))).toEqual([FLEET.stopped.instanceId]);
      expect(await call({ 'InstanceId.1': FLEET.linux.instanceId })).toEqual([FLEET.linux.instanceId]);
      expect(await call(ec2Filters({ 'tag:Name': ['no-such-name'] }))).toEqual([]);
    });

    it('answers STS GetCallerIdentity conformantly with the emulator account', async () => {
      const v = conforming('sts', 'GetCallerIdentity', await queryCall(emu, 'sts', 'GetCallerIdentity'));
      expect(v.value).toMatchObject({ Account: emu.accountId, Arn: expect.stringContaining(`:${emu.accountId}:`) });
    });
  });

  describe.concurrent('error bodies', () => {
    const sendInput = (extra: Record<string, unknown>): Record<string, unknown> => ({ DocumentName: 'AWS-RunShellScript', InstanceIds: [FLEET.linux.instanceId], Parameters: { commands: ['true'] }, ...extra });

    it.for<[string, string, Record<string, unknown>]>([
      ['InvalidInstanceId', 'an unknown instance', sendInput({ InstanceIds: [UNKNOWN_INSTANCE] })],
      ['InvalidInstanceId', 'an offline instance', sendInput({ InstanceIds: [FLEET.offline.instanceId] })],
      ['InvalidInstanceId', 'a stopped instance', sendInput({ InstanceIds: [FLEET.stopped.instanceId] })],
      ['InvalidDocument', 'an unknown document', sendInput({ DocumentName: 'AWS-NoSuchDocument' })],
      ['InvalidParameters', 'an unknown document parameter', sendInput({ Parameters: { commands: ['true'], shell: ['bash'] } })],
      ['InvalidParameters', 'no commands parameter', sendInput({ Parameters: {} })],
      ['UnsupportedPlatformType', 'AWS-RunShellScript to Windows', sendInput({ InstanceIds: [FLEET.windows.instanceId] })],
      ['ValidationException', 'no DocumentName', { InstanceIds: [FLEET.linux.instanceId], Parameters: { commands: ['true'] } }],
      ['ValidationException', 'a 101-character Comment', sendInput({ Comment: 'c'.repeat(101) })],
      ['ValidationException', 'a malformed instance id', sendInput({ InstanceIds: ['web-1'] })],
      ['ValidationException', 'TimeoutSeconds below 30', sendInput({ TimeoutSeconds: 10 })],
    ])('answers SendCommand with %s for %s', async ([code, _why, input]) => {
      conformingError('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', input), code);
    });

    it('answers InvocationDoesNotExist for a command that was never sent', async () => {
      conformingError('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: UNKNOWN_COMMAND, InstanceId: FLEET.linux.instanceId }), 'InvocationDoesNotExist');
    });

    it('answers ValidationException for a CommandId that is not 36 characters', async () => {
      conformingError('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: 'abc', InstanceId: FLEET.linux.instanceId }), 'ValidationException');
    });

    it('answers InvalidCommandId when cancelling a command that was never sent', async () => {
      conformingError('ssm', 'CancelCommand', await ssmCall(emu, 'CancelCommand', { CommandId: UNKNOWN_COMMAND }), 'InvalidCommandId');
    });

    it('answers EC2 DescribeInstances with InvalidInstanceID.NotFound and .Malformed', async () => {
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { 'InstanceId.1': UNKNOWN_INSTANCE }), 'InvalidInstanceID.NotFound');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { 'InstanceId.1': 'web-1' }), 'InvalidInstanceID.Malformed');
    });

    it('answers an unknown EC2 filter with InvalidParameterValue', async () => {
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', ec2Filters({ 'no-such-filter': ['x'] })), 'InvalidParameterValue');
    });

    it('answers a known SSM operation it does not implement with a conforming error', async () => {
      const v = conforming('ssm', 'DescribeDocument', await ssmCall(emu, 'DescribeDocument', { Name: 'AWS-RunShellScript' }));
      expect(v.error?.code).toBeDefined();
    });

    it('rejects a wrong secret: InvalidSignatureException (SSM), AuthFailure (EC2), SignatureDoesNotMatch (STS)', async () => {
      const wrong = bad(emu, { secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-00' });
      conformingError('ssm', 'ListCommands', await ssmCall(wrong, 'ListCommands', {}), 'InvalidSignatureException');
      conformingError('ec2', 'DescribeInstances', await queryCall(wrong, 'ec2', 'DescribeInstances'), 'AuthFailure');
      conformingError('sts', 'GetCallerIdentity', await queryCall(wrong, 'sts', 'GetCallerIdentity'), 'SignatureDoesNotMatch');
    });

    it('rejects an unknown access key: UnrecognizedClientException (SSM), AuthFailure (EC2), InvalidClientTokenId (STS)', async () => {
      const unknown = bad(emu, { accessKeyId: 'AKIAUNKNOWNKEY000000' });
      conformingError('ssm', 'ListCommands', await ssmCall(unknown, 'ListCommands', {}), 'UnrecognizedClientException');
      conformingError('ec2', 'DescribeInstances', await queryCall(unknown, 'ec2', 'DescribeInstances'), 'AuthFailure');
      conformingError('sts', 'GetCallerIdentity', await queryCall(unknown, 'sts', 'GetCallerIdentity'), 'InvalidClientTokenId');
    });
  });
});

describe.skipIf(!hasModels)('emulator error bodies that need their own realism settings', () => {
  it('answers InvocationDoesNotExist right after SendCommand while the window is on', async () => {
    const emu = await startFleet({ invocationNotFoundMs: 5_000 });
    try {
      const sent = conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', { DocumentName: 'AWS-RunShellScript', InstanceIds: [FLEET.linux.instanceId], Parameters: { commands: ['true'] } }));
      const id = String(get(sent.value, 'Command', 'CommandId'));
      const res = await ssmCall(emu, 'GetCommandInvocation', { CommandId: id, InstanceId: FLEET.linux.instanceId });
      const v = conformingError('ssm', 'GetCommandInvocation', res, 'InvocationDoesNotExist');
      expect(v.error?.message).toBeUndefined();
    } finally {
      await emu.stop();
    }
  });

  it('keeps every listing conformant through Pending, InProgress, Cancelling and Cancelled when delivery and reports lag', async () => {
    const emu = await startFleet({ latency: { deliveryMs: 300, deliveryJitterMs: 0, reportMs: 300, reportJitterMs: 0 } });
    try {
      const sent = conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', { DocumentName: 'AWS-RunShellScript', InstanceIds: [FLEET.linux.instanceId], Parameters: { commands: ['sleep 600'] } }));
      const id = String(get(sent.value, 'Command', 'CommandId'));
      const seen: string[] = [];
      const snapshot = async (): Promise<string> => {
        const inv = conforming('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: id, InstanceId: FLEET.linux.instanceId }));
        conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id, Details: true }));
        conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', { CommandId: id }));
        const status = String(get(inv.value, 'Status'));
        if (seen.at(-1) !== status) seen.push(status);
        return status;
      };
      for (let i = 0; i < 100 && (await snapshot()) !== 'InProgress'; i++) await sleep(20);
      conforming('ssm', 'CancelCommand', await ssmCall(emu, 'CancelCommand', { CommandId: id }));
      for (let i = 0; i < 100 && (await snapshot()) !== 'Cancelled'; i++) await sleep(20);
      expect(seen).toEqual(['Pending', 'InProgress', 'Cancelling', 'Cancelled']);
    } finally {
      await emu.stop();
    }
  });

  it('answers ThrottlingException (SSM) and RequestLimitExceeded (EC2) once a bucket is empty', async () => {
    const emu = await startFleet({ throttle: { ListCommands: { ratePerSec: 0.001, burst: 1 }, DescribeInstances: { ratePerSec: 0.001, burst: 1 } } });
    try {
      conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}));
      conformingError('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}), 'ThrottlingException');
      conforming('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances'));
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances'), 'RequestLimitExceeded');
    } finally {
      await emu.stop();
    }
  });

  it('answers injected faults with InternalServerError (SSM, 500), InternalError (EC2) and InternalFailure (STS)', async () => {
    const emu = await startFleet({ faults: { internalErrorRate: 1 } });
    try {
      expect(conformingError('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}), 'InternalServerError')).toBeDefined();
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances'), 'InternalError');
      conformingError('sts', 'GetCallerIdentity', await queryCall(emu, 'sts', 'GetCallerIdentity'), 'InternalFailure');
    } finally {
      await emu.stop();
    }
  });
});
