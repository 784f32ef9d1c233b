// Credentials come only from the SDK's own provider chain: a profile in the shared files works,
// wrong keys and missing keys become one 'credentials' line. This file points the SDK at its own
// temporary files through process.env (vitest runs each file in its own process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { resolveAwsSettings } from '../../src/aws/config.js';
import { toSmshError } from '../../src/aws/errors.js';
import { createGovernor } from '../../src/aws/governor.js';
import { callAws } from '../../src/aws/retry.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'smsh-credentials-'));
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ latency: 'none', instances: [{ instanceId: 'i-0a000000000000001', name: 'solo' }] });
  const { accessKeyId, secretAccessKey } = emu.credentials;
  writeFileSync(
    path.join(dir, 'credentials'),
    [
      '[good]',
      `aws_access_key_id = ${accessKeyId}`,
      `aws_secret_access_key = ${secretAccessKey}`,
      '[bad]',
      'aws_access_key_id = AKIDBADBADBADBADBAD1',
      'aws_secret_access_key = wrong',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'config'), ['[profile good]', `region = ${emu.region}`, '[profile bad]', `region = ${emu.region}`, '[profile empty]', `region = ${emu.region}`, ''].join('\n'));
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
    delete process.env[name];
  }
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(dir, 'credentials');
  process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
});

afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function describeWithProfile(profile: string): Promise<unknown> {
  const settings = await resolveAwsSettings({ profile, endpointUrl: emu.url, env: process.env });
  const clients = createAwsClients(settings);
  try {
    const output = await callAws(
      (abortSignal) => clients.ssm.send(new DescribeInstanceInformationCommand({}), { abortSignal }),
      { governor: createGovernor(), minTimeout: 0 },
    );
    return output.InstanceInformationList?.map((info) => info.InstanceId);
  } catch (error) {
    return toSmshError(error, { operation: 'ssm:DescribeInstanceInformation' });
  } finally {
    clients.destroy();
  }
}

describe('credentials through the SDK provider chain', () => {
  it('signs with the keys of the chosen profile', async () => {
    expect(await describeWithProfile('good')).toEqual(['i-0a000000000000001']);
  });

  it('reports a profile with wrong keys as a credentials error', async () => {
    expect(await describeWithProfile('bad')).toMatchObject({
      kind: 'credentials',
      message: 'AWS rejected the credentials (UnrecognizedClientException): the access key or session token is not valid',
    });
  });

  it('reports a profile without keys as a credentials error that says what to do', async () => {
    const error = await describeWithProfile('empty');
    expect(error).toMatchObject({ kind: 'credentials' });
    expect((error as Error).message).toMatch(/^no AWS credentials found: use --profile or AWS_PROFILE, run `aws sso login`/);
  });
});
