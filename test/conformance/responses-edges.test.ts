import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conforming, conformingError, get } from './assertions.js';
import { FLEET, UNKNOWN_COMMAND, startFleet, type Emulator } from './fixture.js';
import { modelsOrWarn } from './service-model.js';
import { ec2Filters, queryCall, signedPost, ssmCall } from './signed-http.js';

// The less travelled answers: optional request members echoed back, pagination, multibyte
// output, and every other error the emulator can send. Each body must still match the model.

const hasModels = modelsOrWarn();
const L = FLEET.linux.instanceId;
const run = (extra: Record<string, unknown>): Record<string, unknown> => ({ DocumentName: 'AWS-RunShellScript', InstanceIds: [L], Parameters: { commands: ['echo edge'] }, ...extra });

describe.skipIf(!hasModels)('edge-case emulator responses validate against the botocore models', () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startFleet();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  async function finished(commandId: string): Promise<unknown> {
    for (let i = 0; i < 200; i++) {
      const v = conforming('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: commandId, InstanceId: L }));
      if (['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(String(get(v.value, 'Status')))) return v.value;
      await sleep(25);
    }
    throw new Error(`${commandId} did not finish`);
  }

  describe.concurrent('answers with optional members', () => {
    it.for<[string, Record<string, unknown>]>([
      ['Targets by instance id', { InstanceIds: undefined, Targets: [{ Key: 'InstanceIds', Values: [L] }] }],
      ['Targets by Name tag', { InstanceIds: undefined, Targets: [{ Key: 'tag:Name', Values: [FLEET.linux.name] }] }],
      ['CloudWatch and S3 output settings', { CloudWatchOutputConfig: { CloudWatchOutputEnabled: true, CloudWatchLogGroupName: 'smsh' }, OutputS3BucketName: 'smsh-bucket', OutputS3KeyPrefix: 'runs', OutputS3Region: 'us-east-1' }],
      ['notifications, a service role and rate controls', { NotificationConfig: { NotificationArn: 'arn:aws:sns:us-east-1:123456789012:t', NotificationEvents: ['All'], NotificationType: 'Command' }, ServiceRoleArn: 'arn:aws:iam::123456789012:role/r', MaxConcurrency: '10', MaxErrors: '1' }],
      ['an explicit $LATEST document version and a working directory', { DocumentVersion: '$LATEST', Parameters: { commands: ['pwd'], workingDirectory: ['/tmp'] } }],
    ])('echoes %s in SendCommand and its listings conformantly', async ([_what, extra]) => {
      const sent = conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', run(extra)));
      const id = String(get(sent.value, 'Command', 'CommandId'));
      expect(get(await finished(id), 'Status')).toBe('Success');
      conforming('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', { CommandId: id }));
      conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id, Details: true }));
    });

    it('keeps multibyte output within the model caps (characters) while cutting it as the agent does (bytes)', async () => {
      const sent = conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', run({ Parameters: { commands: ['i=0; while [ $i -lt 9000 ]; do printf "é€"; i=$((i+1)); done', 'i=0; while [ $i -lt 5000 ]; do printf "ü" >&2; i=$((i+1)); done'] } })));
      const id = String(get(sent.value, 'Command', 'CommandId'));
      const inv = await finished(id);
      expect(Buffer.byteLength(String(get(inv, 'StandardOutputContent')))).toBeLessThanOrEqual(24_000);
      expect(String(get(inv, 'StandardOutputContent'))).toMatch(/--output truncated--$/);
      conforming('ssm', 'ListCommandInvocations', await ssmCall(emu, 'ListCommandInvocations', { CommandId: id, Details: true }));
    });

    it('pages ListCommands, ListCommandInvocations and DescribeInstanceInformation with conforming NextTokens', async () => {
      for (let i = 0; i < 2; i++) await finished(String(get(conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', run({}))).value, 'Command', 'CommandId')));
      for (const [op, input] of [['ListCommands', { MaxResults: 1 }], ['ListCommandInvocations', { MaxResults: 1, Details: true }], ['DescribeInstanceInformation', { MaxResults: 5 }]] as const) {
        const first = conforming('ssm', op, await ssmCall(emu, op, input));
        const token = get(first.value, 'NextToken');
        if (op !== 'DescribeInstanceInformation') expect(token, op).toEqual(expect.any(String));
        if (typeof token === 'string') conforming('ssm', op, await ssmCall(emu, op, { ...input, NextToken: token }));
      }
    });

    it('answers DescribeInstanceInformation filtered both ways conformantly', async () => {
      for (const input of [{ Filters: [{ Key: 'InstanceIds', Values: [L] }] }, { InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [L] }] }, { Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost'] }] }]) {
        const v = conforming('ssm', 'DescribeInstanceInformation', await ssmCall(emu, 'DescribeInstanceInformation', input));
        expect(get(v.value, 'InstanceInformationList', 0, 'InstanceId')).toMatch(/^i-/);
      }
    });

    it('answers EC2 DescribeInstances with wildcards, DNS filters and MaxResults conformantly', async () => {
      for (const params of [ec2Filters({ 'tag:Name': ['conf-*'] }), ec2Filters({ 'private-dns-name': ['ip-10-0-0-11.*'] }), ec2Filters({ 'dns-name': ['nothing'] }), { MaxResults: '5' }]) {
        conforming('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', params));
      }
    });
  });

  describe.concurrent('every other error it answers', () => {
    it.for<[string, string, string, unknown]>([
      ['DuplicateInstanceId', 'SendCommand', 'the same instance twice', run({ InstanceIds: [L, L] })],
      ['InvalidDocumentVersion', 'SendCommand', 'a document version that does not exist', run({ DocumentVersion: '2' })],
      ['InvalidParameters', 'SendCommand', 'parameters over the size budget', run({ Parameters: { commands: ['x'.repeat(70_000)] } })],
      ['ValidationException', 'SendCommand', 'neither InstanceIds nor Targets', run({ InstanceIds: [] })],
      ['SerializationException', 'SendCommand', 'a string where a string list belongs', run({ Parameters: { commands: 'echo edge' } })],
      ['ValidationException', 'GetCommandInvocation', 'no InstanceId', { CommandId: UNKNOWN_COMMAND }],
      ['InvalidFilterKey', 'DescribeInstanceInformation', 'an unknown filter key', { Filters: [{ Key: 'Bogus', Values: ['x'] }] }],
      ['ValidationException', 'DescribeInstanceInformation', 'MaxResults 4', { MaxResults: 4 }],
      ['InvalidNextToken', 'DescribeInstanceInformation', 'a forged NextToken', { NextToken: 'forged' }],
      ['InvalidCommandId', 'ListCommands', 'a command never sent', { CommandId: UNKNOWN_COMMAND }],
      ['ValidationException', 'ListCommands', 'MaxResults 0', { MaxResults: 0 }],
      ['ValidationException', 'CancelCommand', 'a short CommandId', { CommandId: 'abc' }],
    ])('answers %s to %s for %s', async ([code, op, _why, input]) => {
      conformingError('ssm', op, await ssmCall(emu, op, input), code);
    });

    it('answers InvalidPluginName for a plugin the document does not have', async () => {
      const id = String(get(conforming('ssm', 'SendCommand', await ssmCall(emu, 'SendCommand', run({}))).value, 'Command', 'CommandId'));
      await finished(id);
      conformingError('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: id, InstanceId: L, PluginName: 'aws:bogus' }), 'InvalidPluginName');
      conformingError('ssm', 'GetCommandInvocation', await ssmCall(emu, 'GetCommandInvocation', { CommandId: id, InstanceId: FLEET.windows.instanceId }), 'InvocationDoesNotExist');
    });

    it('answers a body that is not JSON with SerializationException', async () => {
      const res = await signedPost(emu, 'ssm', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.SendCommand' }, 'not json');
      conformingError('ssm', 'SendCommand', res, 'SerializationException');
    });

    it('answers EC2 DryRunOperation, InvalidParameterValue, InvalidParameterCombination and InvalidAction conformantly', async () => {
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { DryRun: 'true' }), 'DryRunOperation');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { MaxResults: '2' }), 'InvalidParameterValue');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { MaxResults: '5', 'InstanceId.1': L }), 'InvalidParameterCombination');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { 'InstanceId.1': FLEET.hybrid.instanceId }), 'InvalidInstanceID.Malformed');
      conforming('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', { NextToken: 'forged' }));
      conformingError('ec2', 'RunInstances', await queryCall(emu, 'ec2', 'RunInstances'), 'InvalidAction');
    });

    it('answers an STS action it does not implement with InvalidAction', async () => {
      conformingError('sts', 'AssumeRole', await queryCall(emu, 'sts', 'AssumeRole'), 'InvalidAction');
    });
  });

  describe.concurrent('authentication failures', () => {
    const hourAgo = (): Date => new Date(Date.now() - 3_600_000);

    it('answers unsigned requests with each service\'s missing-token error', async () => {
      conformingError('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}, { unsigned: true }), 'MissingAuthenticationTokenException');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', {}, { unsigned: true }), 'MissingAuthenticationToken');
      conformingError('sts', 'GetCallerIdentity', await queryCall(emu, 'sts', 'GetCallerIdentity', {}, { unsigned: true }), 'MissingAuthenticationToken');
    });

    it('answers a signature scoped to another region with a conforming auth error', async () => {
      conformingError('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}, { region: 'eu-west-3' }), 'InvalidSignatureException');
      conforming('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', {}, { region: 'eu-west-3' }));
      conforming('sts', 'GetCallerIdentity', await queryCall(emu, 'sts', 'GetCallerIdentity', {}, { region: 'eu-west-3' }));
    });

    it('answers a signature an hour old as expired, in each service\'s words', async () => {
      conformingError('ssm', 'ListCommands', await ssmCall(emu, 'ListCommands', {}, { signingDate: hourAgo() }), 'InvalidSignatureException');
      conformingError('ec2', 'DescribeInstances', await queryCall(emu, 'ec2', 'DescribeInstances', {}, { signingDate: hourAgo() }), 'RequestExpired');
      conformingError('sts', 'GetCallerIdentity', await queryCall(emu, 'sts', 'GetCallerIdentity', {}, { signingDate: hourAgo() }), 'SignatureDoesNotMatch');
    });
  });
});
