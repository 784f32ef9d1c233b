import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from './assertions.js';
import { FLEET, UNKNOWN_COMMAND, UNKNOWN_INSTANCE, startFleet, type Emulator } from './fixture.js';

// The real AWS CLI v2 (Debian's awscli; botocore parses every byte) pointed at the emulator with
// --endpoint-url. Nothing of this machine's AWS setup may leak in: empty config files, a fresh
// HOME, and only the variables set here.

const AWS = '/usr/bin/aws';
const hasCli = existsSync(AWS);
if (!hasCli) console.warn(`conformance: ${AWS} is absent, so the AWS CLI tests are skipped (apt-get install awscli; CI installs it)`);

interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const serviceError = (code: string, op: string): RegExp => new RegExp(`An error occurred \\(${code.replace(/\./g, '\\.')}\\) when calling the ${op} operation`);

describe.skipIf(!hasCli)('the real AWS CLI v2 (/usr/bin/aws) against the emulator', () => {
  let emu: Emulator;
  let home: string;

  beforeAll(async () => {
    emu = await startFleet();
    home = mkdtempSync(join(tmpdir(), 'smsh-conformance-cli-'));
  });
  afterAll(async () => {
    await emu?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function aws(args: string[], creds: { accessKeyId: string; secretAccessKey: string } = emu.credentials): Promise<CliResult> {
    const r = await execa(AWS, ['--endpoint-url', emu.url, '--region', 'us-east-1', '--output', 'json', ...args], {
      reject: false,
      extendEnv: false,
      timeout: 20_000,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: home,
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '2',
      },
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  async function ok(args: string[]): Promise<unknown> {
    const r = await aws(args);
    if (r.exitCode !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as unknown);
  }

  /** Polls get-command-invocation with the CLI until `done(status)`; rides out InvocationDoesNotExist. */
  async function invocationUntil(commandId: string, done: (status: unknown) => boolean): Promise<unknown> {
    let last = '';
    for (let i = 0; i < 15; i++) {
      const r = await aws(['ssm', 'get-command-invocation', '--command-id', commandId, '--instance-id', FLEET.linux.instanceId]);
      if (r.exitCode === 0) {
        const v = JSON.parse(r.stdout) as unknown;
        if (done(get(v, 'Status'))) return v;
        last = r.stdout;
      } else if (!r.stderr.includes('InvocationDoesNotExist')) {
        throw new Error(`get-command-invocation failed: ${r.stderr}`);
      }
      await sleep(250);
    }
    throw new Error(`invocation ${commandId} never reached the wanted status; last: ${last}`);
  }

  async function send(script: string): Promise<string> {
    const out = await ok(['ssm', 'send-command', '--document-name', 'AWS-RunShellScript', '--instance-ids', FLEET.linux.instanceId, '--parameters', `commands=${script}`]);
    expect(get(out, 'Command', 'Status')).toBe('Pending');
    const id = get(out, 'Command', 'CommandId');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return String(id);
  }

  describe.concurrent('accepts every answer to a valid request', () => {
    it('reports the emulator account from sts get-caller-identity', async ({ expect }) => {
      const out = await ok(['sts', 'get-caller-identity']);
      expect(out).toMatchObject({ Account: emu.accountId, Arn: expect.stringContaining(`:${emu.accountId}:`), UserId: expect.any(String) });
    });

    it('lists the online instances, with platform and ping status, from ssm describe-instance-information', async ({ expect }) => {
      const list = get(await ok(['ssm', 'describe-instance-information']), 'InstanceInformationList');
      expect(list).toEqual(expect.arrayContaining([
        expect.objectContaining({ InstanceId: FLEET.linux.instanceId, PingStatus: 'Online', PlatformType: 'Linux' }),
        expect.objectContaining({ InstanceId: FLEET.windows.instanceId, PingStatus: 'Online', PlatformType: 'Windows' }),
      ]));
    });

    it('finds exactly the tagged instance with ec2 describe-instances --filters Name=tag:Name', async ({ expect }) => {
      const out = await ok(['ec2', 'describe-instances', '--filters', `Name=tag:Name,Values=${FLEET.linux.name}`]);
      const instances = ((get(out, 'Reservations') as unknown[] | undefined) ?? []).flatMap((r) => (get(r, 'Instances') as unknown[] | undefined) ?? []);
      expect(instances).toEqual([expect.objectContaining({
        InstanceId: FLEET.linux.instanceId,
        PrivateIpAddress: FLEET.linux.privateIp,
        State: { Code: 16, Name: 'running' },
        Tags: expect.arrayContaining([{ Key: 'Name', Value: FLEET.linux.name }]),
      })]);
    });

    it('runs a script with send-command, then shows its output via get-command-invocation and list-command-invocations --details', async ({ expect }) => {
      const id = await send('echo conformance-cli; echo to-stderr >&2');
      const inv = await invocationUntil(id, (s) => s === 'Success' || s === 'Failed');
      expect(inv).toMatchObject({
        CommandId: id, InstanceId: FLEET.linux.instanceId, Status: 'Success', StatusDetails: 'Success', ResponseCode: 0,
        StandardOutputContent: 'conformance-cli\n', StandardErrorContent: 'to-stderr\n', PluginName: 'aws:runShellScript',
      });
      const listed = get(await ok(['ssm', 'list-command-invocations', '--command-id', id, '--details']), 'CommandInvocations');
      expect(listed).toEqual([expect.objectContaining({
        CommandId: id, InstanceId: FLEET.linux.instanceId, Status: 'Success',
        CommandPlugins: [expect.objectContaining({ Name: 'aws:runShellScript', Status: 'Success', ResponseCode: 0, Output: expect.stringContaining('conformance-cli') })],
      })]);
    });

    it('cancels a running command with cancel-command, which then shows as Cancelled', async ({ expect }) => {
      const id = await send('sleep 600');
      await invocationUntil(id, (s) => s === 'InProgress');
      const cancelled = await aws(['ssm', 'cancel-command', '--command-id', id]);
      expect(cancelled).toMatchObject({ exitCode: 0, stderr: '' });
      const inv = await invocationUntil(id, (s) => s === 'Cancelled');
      expect(inv).toMatchObject({ Status: 'Cancelled', ResponseCode: 137 });
    });
  });

  describe.concurrent('shows the AWS error code for bad input', () => {
    it.for<[string, string, string, string[]]>([
      ['InvalidInstanceId', 'SendCommand', 'an unknown instance', ['ssm', 'send-command', '--document-name', 'AWS-RunShellScript', '--instance-ids', UNKNOWN_INSTANCE, '--parameters', 'commands=true']],
      ['InvalidInstanceId', 'SendCommand', 'an offline instance', ['ssm', 'send-command', '--document-name', 'AWS-RunShellScript', '--instance-ids', FLEET.offline.instanceId, '--parameters', 'commands=true']],
      ['InvalidDocument', 'SendCommand', 'an unknown document', ['ssm', 'send-command', '--document-name', 'AWS-NoSuchDocument', '--instance-ids', FLEET.linux.instanceId, '--parameters', 'commands=true']],
      ['ValidationException', 'SendCommand', 'a 101-character comment', ['ssm', 'send-command', '--document-name', 'AWS-RunShellScript', '--instance-ids', FLEET.linux.instanceId, '--parameters', 'commands=true', '--comment', 'c'.repeat(101)]],
      ['InvalidCommandId', 'CancelCommand', 'a command never sent', ['ssm', 'cancel-command', '--command-id', UNKNOWN_COMMAND]],
      ['InvalidInstanceID.NotFound', 'DescribeInstances', 'an unknown instance', ['ec2', 'describe-instances', '--instance-ids', UNKNOWN_INSTANCE]],
    ])('prints %s from %s for %s', async ([code, op, _why, args], { expect }) => {
      const r = await aws(args);
      expect(r.stderr).toMatch(serviceError(code, op));
      expect(r.exitCode).toBe(254);
    });
  });

  describe.concurrent('is rejected with the wrong credentials', () => {
    it('answers InvalidSignatureException to SSM calls signed with the wrong secret', async ({ expect }) => {
      const r = await aws(['ssm', 'describe-instance-information'], { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-00' });
      expect(r.stderr).toMatch(serviceError('InvalidSignatureException', 'DescribeInstanceInformation'));
      expect(r.exitCode).toBe(254);
    });

    it('answers UnrecognizedClientException to SSM calls from an unknown access key', async ({ expect }) => {
      const r = await aws(['ssm', 'describe-instance-information'], { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: emu.credentials.secretAccessKey });
      expect(r.stderr).toMatch(serviceError('UnrecognizedClientException', 'DescribeInstanceInformation'));
      expect(r.exitCode).toBe(254);
    });

    it('answers AuthFailure to EC2 calls signed with the wrong secret', async ({ expect }) => {
      const r = await aws(['ec2', 'describe-instances'], { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-00' });
      expect(r.stderr).toMatch(serviceError('AuthFailure', 'DescribeInstances'));
      expect(r.exitCode).toBe(254);
    });
  });
});
