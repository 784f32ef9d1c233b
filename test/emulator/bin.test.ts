import { DescribeInstanceInformationCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { liveGroupMembers } from '../../src/emulator/exec/process-group.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BIN = path.resolve('bin/smsh-emulator.js');
const AWS_CLI = '/usr/bin/aws';
const INSTANCE = 'i-0e0e0e0e0e0e0e0e1';

/** Starts the bin and reads the URL line and the export line it prints. */
async function startBin(args: string[]): Promise<{ child: ChildProcess; url: string; env: Record<string, string> }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const got: string[] = [];
  for await (const line of lines) {
    got.push(line);
    if (got.length === 2) break;
  }
  const [url = '', exportLine = ''] = got;
  const env = Object.fromEntries(
    exportLine
      .replace(/^export /, '')
      .split(' ')
      .map((pair) => pair.split('=') as [string, string]),
  );
  return { child, url, env };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the smsh-emulator bin', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'smsh-emu-bin-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints its URL and the export line, serves the SDK, and on SIGTERM kills its scripts and exits 0', async () => {
    const { child, url, env } = await startBin(['--instance', `${INSTANCE},name=bin-test`, '--invocation-not-found-ms', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env).toMatchObject({ AWS_ENDPOINT_URL: url, AWS_REGION: 'us-east-1' });
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const ssm = new SSMClient({
      endpoint: url,
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    const info = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(info.InstanceInformationList?.[0]?.InstanceId).toBe(INSTANCE);
    const pgidFile = path.join(scratch, 'pgid');
    await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [INSTANCE],
        Parameters: { commands: [`cut -d' ' -f5 /proc/self/stat > ${pgidFile}.tmp && mv ${pgidFile}.tmp ${pgidFile}`, 'sleep 600'] },
      }),
    );
    const deadline = Date.now() + 5000;
    while (!existsSync(pgidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const pgid = Number(readFileSync(pgidFile, 'utf8'));
    expect((liveGroupMembers(pgid) ?? []).length).toBeGreaterThan(0);
    ssm.destroy();
    const done = exited(child);
    child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(liveGroupMembers(pgid) ?? []).toEqual([]);
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const child = spawn(process.execPath, [BIN, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toContain('Usage: smsh-emulator');
  });

  it('exits 2 on a bad pool size', async () => {
    const child = spawn(process.execPath, [BIN, '--agent-workers', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toContain('--agent-workers must be an integer ≥ 1');
  });

  describe.skipIf(!existsSync(AWS_CLI))('with the real AWS CLI v2 (botocore signs differently from the SDK)', () => {
    const run = promisify(execFile);

    it('accepts its signatures and rejects a wrong secret', async () => {
      const { child, url, env } = await startBin(['--instance', `${INSTANCE},name=cli-test`]);
      try {
        const base = { ...process.env, ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
        const ok = await run(AWS_CLI, ['--endpoint-url', url, 'ssm', 'describe-instance-information', '--output', 'json'], { env: base });
        expect(JSON.parse(ok.stdout).InstanceInformationList[0].InstanceId).toBe(INSTANCE);
        const ec2 = await run(AWS_CLI, ['--endpoint-url', url, 'ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=cli-*', '--output', 'json'], {
          env: base,
        });
        expect(JSON.parse(ec2.stdout).Reservations[0].Instances[0].InstanceId).toBe(INSTANCE);
        const bad = await run(AWS_CLI, ['--endpoint-url', url, 'ssm', 'describe-instance-information'], {
          env: { ...base, AWS_SECRET_ACCESS_KEY: 'wrong' },
        }).catch((e: { stderr: string; code: number }) => e);
        expect('stderr' in bad ? bad.stderr : '').toContain('InvalidSignatureException');
      } finally {
        const done = exited(child);
        child.kill('SIGINT');
        await done;
      }
    }, 30_000);
  });
});
