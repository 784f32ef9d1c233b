import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForInvocation, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';

async function run(ssm: SSMClient, instanceId: string, commands: string[], extra: Record<string, string[]> = {}) {
  const sent = await ssm.send(
    new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId], Parameters: { commands, ...extra } }),
  );
  const commandId = sent.Command?.CommandId ?? '';
  return { sent, commandId, result: await waitForInvocation(ssm, commandId, instanceId) };
}

describe('Run Command through the real SDK v3', () => {
  let h: EmulatorHarness;
  let id: string;
  beforeAll(async () => {
    h = await withEmulator({ invocationNotFoundMs: 0 });
    id = h.emu.instances[0]?.instanceId ?? '';
  });
  afterAll(() => h.stop());

  it('answers SendCommand with a Pending command carrying what was sent', async () => {
    const { sent } = await run(h.ssm, id, ['true']);
    expect(sent.Command).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      DocumentVersion: '$DEFAULT',
      Status: 'Pending',
      StatusDetails: 'Pending',
      InstanceIds: [id],
      Parameters: { commands: ['true'] },
      TargetCount: 1,
      CompletedCount: 0,
      MaxConcurrency: '50',
      MaxErrors: '0',
      TimeoutSeconds: 3600,
    });
    expect(sent.Command?.CommandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.Command?.RequestedDateTime).toBeInstanceOf(Date);
    // Delivery timeout (3600) + executionTimeout (3600) after the request.
    const requested = sent.Command?.RequestedDateTime?.getTime() ?? 0;
    expect((sent.Command?.ExpiresAfter?.getTime() ?? 0) - requested).toBe(7_200_000);
  });

  it('runs a command to Success with its stdout, exit code 0 and execution times', async () => {
    const { result } = await run(h.ssm, id, ['echo hello', 'echo world']);
    expect(result).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'hello\nworld\n',
      StandardErrorContent: '',
      PluginName: 'aws:runShellScript',
    });
    expect(result.ExecutionStartDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.ExecutionEndDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.ExecutionElapsedTime).toMatch(/^PT(\d+M)?\d+(\.\d+)?S$/);
  });

  it('reports a non-zero exit as Failed with the exit code and the agent line on stderr', async () => {
    const { result } = await run(h.ssm, id, ['echo out', 'echo oops >&2', 'exit 3']);
    expect(result).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'out\n',
      StandardErrorContent: 'oops\nfailed to run commands: exit status 3',
    });
  });

  it('reports a script that exits 137 by itself as TimedOut, as the agent maps 137', async () => {
    const { result } = await run(h.ssm, id, ['exit 137']);
    expect(result).toMatchObject({ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ResponseCode: 137 });
  });

  it('reports a script shell killed by a signal as Failed with 128+n, as sh -c reports it', async () => {
    const { result } = await run(h.ssm, id, ['kill -TERM $$']);
    expect(result).toMatchObject({ Status: 'Failed', ResponseCode: 143 });
  });

  it('reports the sh -c leader killed by a signal as Failed with ResponseCode -1, like Go', async () => {
    const direct = await run(h.ssm, id, ['kill -KILL $PPID; sleep 0.2']);
    expect(direct.result).toMatchObject({ Status: 'Failed', ResponseCode: -1 });
    expect(direct.result.StandardErrorContent).toBe('failed to run commands: signal: killed');
  });

  it('keeps 23,980 bytes of a 30,000-byte stdout and appends --output truncated--', async () => {
    const { result } = await run(h.ssm, id, ["head -c 30000 /dev/zero | tr '\\0' a"]);
    const out = result.StandardOutputContent ?? '';
    expect(Buffer.byteLength(out)).toBe(24_000);
    expect(out).toBe(`${'a'.repeat(23_980)}--output truncated--`);
  });

  it('truncates stdout of exactly 24,000 bytes but not of 23,999', async () => {
    const exact = await run(h.ssm, id, ["head -c 24000 /dev/zero | tr '\\0' b"]);
    expect(exact.result.StandardOutputContent).toBe(`${'b'.repeat(23_980)}--output truncated--`);
    const under = await run(h.ssm, id, ["head -c 23999 /dev/zero | tr '\\0' c"]);
    expect(under.result.StandardOutputContent).toBe('c'.repeat(23_999));
  });

  it('caps stderr at 8,000 bytes the same way', async () => {
    const { result } = await run(h.ssm, id, ["head -c 9000 /dev/zero | tr '\\0' e >&2"]);
    expect(result.StandardErrorContent).toBe(`${'e'.repeat(7_980)}--output truncated--`);
  });

  it('survives a script printing megabytes while keeping only the first bytes', async () => {
    const { result } = await run(h.ssm, id, ["head -c 20000000 /dev/zero | tr '\\0' z"]);
    expect(result.Status).toBe('Success');
    expect(result.StandardOutputContent?.length).toBe(24_000);
  });

  it('decodes invalid UTF-8 lossily', async () => {
    const { result } = await run(h.ssm, id, ["printf 'ok \\377\\n'"]);
    expect(result.StandardOutputContent).toBe('ok \uFFFD\n');
  });

  it('lists invocations with plugin details whose Output holds stdout, the error title and stderr', async () => {
    const { commandId } = await run(h.ssm, id, ['echo visible', 'echo bad >&2', 'exit 1']);
    const listed = await h.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true }));
    const inv = listed.CommandInvocations?.[0];
    expect(inv).toMatchObject({ CommandId: commandId, InstanceId: id, Status: 'Failed', DocumentName: 'AWS-RunShellScript' });
    expect(inv?.CommandPlugins?.[0]).toMatchObject({
      Name: 'aws:runShellScript',
      Status: 'Failed',
      ResponseCode: 1,
      Output: 'visible\n\n----------ERROR-------\nbad\nfailed to run commands: exit status 1',
    });
    expect(inv?.CommandPlugins?.[0]?.ResponseStartDateTime).toBeInstanceOf(Date);
    const plain = await h.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }));
    expect(plain.CommandInvocations?.[0]?.CommandPlugins).toEqual([]);
  });

  it('cuts plugin Output to 2,500 bytes like the agent', async () => {
    const { commandId } = await run(h.ssm, id, ["head -c 5000 /dev/zero | tr '\\0' o"]);
    const listed = await h.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true }));
    const output = listed.CommandInvocations?.[0]?.CommandPlugins?.[0]?.Output ?? '';
    expect(output).toBe(`${'o'.repeat(2500 - '\n---Output truncated---'.length)}\n---Output truncated---`);
  });

  it('lists commands newest first with their aggregated status and counters', async () => {
    const { commandId } = await run(h.ssm, id, ['exit 2']);
    const listed = await h.ssm.send(new ListCommandsCommand({}));
    expect(listed.Commands?.[0]).toMatchObject({
      CommandId: commandId,
      Status: 'Failed',
      TargetCount: 1,
      CompletedCount: 1,
      ErrorCount: 1,
    });
    const one = await h.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    expect(one.Commands).toHaveLength(1);
  });

  it('paginates ListCommandInvocations with NextToken', async () => {
    for (let i = 0; i < 3; i++) await run(h.ssm, id, ['true']);
    const first = await h.ssm.send(new ListCommandInvocationsCommand({ MaxResults: 2 }));
    expect(first.CommandInvocations).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await h.ssm.send(new ListCommandInvocationsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.CommandInvocations?.[0]?.CommandId).not.toBe(first.CommandInvocations?.[1]?.CommandId);
  });

  it('keeps Output empty and ResponseCode -1 while the script runs', async () => {
    const sent = await h.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [id],
        Parameters: { commands: ['echo early', 'sleep 0.6', 'echo late'] },
      }),
    );
    const commandId = sent.Command?.CommandId ?? '';
    await new Promise((r) => setTimeout(r, 250));
    const during = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
    expect(during).toMatchObject({
      Status: 'InProgress',
      StatusDetails: 'InProgress',
      ResponseCode: -1,
      StandardOutputContent: '',
      ExecutionEndDateTime: '',
      ExecutionElapsedTime: '',
    });
    expect(during.ExecutionStartDateTime).not.toBe('');
    const done = await waitForInvocation(h.ssm, commandId, id);
    expect(done.StandardOutputContent).toBe('early\nlate\n');
  });
});
