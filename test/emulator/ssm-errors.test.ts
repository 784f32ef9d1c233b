import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, waitForInvocation, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';

const LINUX = 'i-0aaaaaaaaaaaaaaa1';
const WINDOWS = 'i-0aaaaaaaaaaaaaaa2';
const OFFLINE = 'i-0aaaaaaaaaaaaaaa3';
const STOPPED = 'i-0aaaaaaaaaaaaaaa4';
const HYBRID = 'mi-0aaaaaaaaaaaaaaa5';


describe('SSM errors, as the service sends them', () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await withEmulator({
      maxAttempts: 1,
      invocationNotFoundMs: 0,
      maxParameterBytes: 2048,
      instances: [
        { instanceId: LINUX, name: 'linux' },
        { instanceId: WINDOWS, name: 'win', platform: 'Windows' },
        { instanceId: OFFLINE, name: 'offline', pingStatus: 'ConnectionLost' },
        { instanceId: STOPPED, name: 'stopped', state: 'stopped' },
        { instanceId: HYBRID, name: 'hybrid' },
      ],
    });
  });
  afterAll(() => h.stop());

  const send = (input: Partial<SendCommandCommandInput>) =>
    h.ssm.send(
      new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [LINUX], Parameters: { commands: ['true'] }, ...input }),
    );

  it('runs commands on a hybrid (mi-) managed instance', async () => {
    const sent = await send({ InstanceIds: [HYBRID], Parameters: { commands: ['echo hybrid'] } });
    const result = await waitForInvocation(h.ssm, sent.Command?.CommandId ?? '', HYBRID);
    expect(result).toMatchObject({ Status: 'Success', StandardOutputContent: 'hybrid\n' });
  });

  it.each([
    ['an unknown instance', 'i-0bbbbbbbbbbbbbbb1'],
    ['an offline (ConnectionLost) instance', OFFLINE],
    ['a stopped instance', STOPPED],
  ])('refuses %s with InvalidInstanceId', async (_what, instanceId) => {
    const e = await errorOf(send({ InstanceIds: [instanceId] }));
    expect(e).toMatchObject({ name: 'InvalidInstanceId', status: 400 });
    expect(e.message).toBe(`Instances [[${instanceId}]] not in a valid state for account ${h.emu.accountId}`);
  });

  it('refuses AWS-RunShellScript on a Windows instance with UnsupportedPlatformType', async () => {
    expect(await errorOf(send({ InstanceIds: [WINDOWS] }))).toMatchObject({ name: 'UnsupportedPlatformType', status: 400 });
  });

  it('refuses AWS-RunPowerShellScript on a Linux instance with UnsupportedPlatformType', async () => {
    expect(await errorOf(send({ DocumentName: 'AWS-RunPowerShellScript' }))).toMatchObject({ name: 'UnsupportedPlatformType' });
  });

  it('refuses an unknown document with InvalidDocument and a bad version with InvalidDocumentVersion', async () => {
    expect(await errorOf(send({ DocumentName: 'AWS-NoSuchDocument' }))).toMatchObject({ name: 'InvalidDocument' });
    expect(await errorOf(send({ DocumentVersion: '7' }))).toMatchObject({ name: 'InvalidDocumentVersion' });
  });

  it('accepts the document by ARN', async () => {
    const sent = await send({ DocumentName: 'arn:aws:ssm:us-east-1::document/AWS-RunShellScript' });
    expect(sent.Command?.DocumentName).toBe('AWS-RunShellScript');
  });

  it('refuses unknown, missing or oversized parameters with InvalidParameters', async () => {
    expect(await errorOf(send({ Parameters: { commands: ['true'], shell: ['bash'] } }))).toMatchObject({ name: 'InvalidParameters' });
    expect(await errorOf(send({ Parameters: {} }))).toMatchObject({ name: 'InvalidParameters' });
    expect(await errorOf(send({ Parameters: { commands: [] } }))).toMatchObject({ name: 'InvalidParameters' });
    expect(await errorOf(send({ Parameters: { commands: ['true'], workingDirectory: ['/a', '/b'] } }))).toMatchObject({
      name: 'InvalidParameters',
    });
    expect(await errorOf(send({ Parameters: { commands: ['x'.repeat(3000)] } }))).toMatchObject({ name: 'InvalidParameters' });
  });

  it('starts nothing when SendCommand is refused', async () => {
    const before = (await h.ssm.send(new ListCommandsCommand({}))).Commands?.length ?? 0;
    await errorOf(send({ InstanceIds: [LINUX, OFFLINE] }));
    expect((await h.ssm.send(new ListCommandsCommand({}))).Commands?.length ?? 0).toBe(before);
  });

  it('refuses the same instance twice with DuplicateInstanceId', async () => {
    expect(await errorOf(send({ InstanceIds: [LINUX, LINUX] }))).toMatchObject({ name: 'DuplicateInstanceId' });
  });

  it('checks the model constraints with AWS-worded ValidationExceptions', async () => {
    expect((await errorOf(send({ Comment: 'c'.repeat(101) }))).message).toBe(
      `1 validation error detected: Value '${'c'.repeat(101)}' at 'comment' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
    expect((await errorOf(send({ TimeoutSeconds: 10 }))).message).toBe(
      "1 validation error detected: Value '10' at 'timeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 30",
    );
    expect((await errorOf(send({ InstanceIds: ['web-1'] }))).message).toBe(
      "1 validation error detected: Value '[web-1]' at 'instanceIds' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)]",
    );
    const many = Array.from({ length: 51 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    expect(await errorOf(send({ InstanceIds: many }))).toMatchObject({ name: 'ValidationException' });
    const two = await errorOf(send({ Comment: 'c'.repeat(101), TimeoutSeconds: 3_000_000 }));
    expect(two.message).toMatch(/^2 validation errors detected: Value .* at 'timeoutSeconds' .*; Value .* at 'comment' /);
  });

  it('validates CommandId length, InstanceId pattern and MaxResults ranges elsewhere', async () => {
    expect(await errorOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: 'short', InstanceId: LINUX })))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await errorOf(h.ssm.send(new ListCommandInvocationsCommand({ MaxResults: 51 })))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.ssm.send(new ListCommandsCommand({ MaxResults: 0 })))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('answers an unknown CommandId with InvalidCommandId', async () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect(await errorOf(h.ssm.send(new CancelCommandCommand({ CommandId: unknown })))).toMatchObject({ name: 'InvalidCommandId' });
    expect(await errorOf(h.ssm.send(new ListCommandsCommand({ CommandId: unknown })))).toMatchObject({ name: 'InvalidCommandId' });
    expect(await errorOf(h.ssm.send(new ListCommandInvocationsCommand({ CommandId: unknown })))).toMatchObject({
      name: 'InvalidCommandId',
    });
  });

  it('answers GetCommandInvocation for an unknown command or another instance with InvocationDoesNotExist', async () => {
    const sent = await send({});
    const commandId = sent.Command?.CommandId ?? '';
    expect(await errorOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: HYBRID })))).toMatchObject({
      name: 'InvocationDoesNotExist',
      status: 400,
    });
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect(await errorOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: unknown, InstanceId: LINUX })))).toMatchObject({
      name: 'InvocationDoesNotExist',
    });
    expect(
      await errorOf(h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: LINUX, PluginName: 'aws:other' }))),
    ).toMatchObject({ name: 'InvalidPluginName' });
  });

  it('refuses to cancel an instance that is not part of the command', async () => {
    const sent = await send({});
    expect(
      await errorOf(h.ssm.send(new CancelCommandCommand({ CommandId: sent.Command?.CommandId ?? '', InstanceIds: [HYBRID] }))),
    ).toMatchObject({ name: 'InvalidInstanceId' });
  });

  it('answers a bad NextToken with InvalidNextToken', async () => {
    expect(await errorOf(h.ssm.send(new ListCommandsCommand({ NextToken: 'garbage' })))).toMatchObject({ name: 'InvalidNextToken' });
  });

  it('targets instances by tag, skipping the unreachable ones', async () => {
    const sent = await send({ InstanceIds: undefined, Targets: [{ Key: 'tag:Name', Values: ['linux', 'offline', 'win'] }] });
    expect(sent.Command).toMatchObject({ InstanceIds: [], TargetCount: 1 });
    const result = await waitForInvocation(h.ssm, sent.Command?.CommandId ?? '', LINUX);
    expect(result.Status).toBe('Success');
    const none = await send({ InstanceIds: undefined, Targets: [{ Key: 'tag:Name', Values: ['nobody'] }] });
    expect(none.Command).toMatchObject({ Status: 'Success', StatusDetails: 'No Instances In Tag', TargetCount: 0 });
  });
});
