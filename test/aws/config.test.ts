import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { NO_REGION_MESSAGE, resolveAwsSettings, resolveEndpoints } from '../../src/aws/config.js';
import { SmshError } from '../../src/util/smsh-error.js';

const dir = mkdtempSync(path.join(tmpdir(), 'smsh-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configFile = path.join(dir, 'config');
writeFileSync(
  configFile,
  ['[default]', 'region = eu-west-1', '', '[profile dev]', 'region = ap-south-1', '', '[profile noregion]', 'output = json', ''].join('\n'),
);
const credentialsFile = path.join(dir, 'credentials');
writeFileSync(credentialsFile, ['[creds-only]', 'region = ca-central-1', ''].join('\n'));
const emptyConfig = path.join(dir, 'empty');
writeFileSync(emptyConfig, '');

// Every case points the SDK's loader at these files, never at the developer's ~/.aws.
const files = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile };
const noFiles = { AWS_CONFIG_FILE: emptyConfig, AWS_SHARED_CREDENTIALS_FILE: emptyConfig };

describe('resolveAwsSettings: region and profile', () => {
  const cases: [string, Parameters<typeof resolveAwsSettings>[0], { region: string; profile?: string }][] = [
    ['--region wins over everything', { region: 'us-west-2', profile: 'dev', env: { ...files, AWS_REGION: 'us-east-1' } }, { region: 'us-west-2', profile: 'dev' }],
    ['AWS_REGION wins over the profile', { env: { ...files, AWS_REGION: 'us-east-1' } }, { region: 'us-east-1' }],
    ['AWS_REGION wins over AWS_DEFAULT_REGION', { env: { ...noFiles, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-2' } }, { region: 'us-east-1' }],
    ['AWS_DEFAULT_REGION is honoured like the AWS CLI', { env: { ...noFiles, AWS_DEFAULT_REGION: 'us-east-2' } }, { region: 'us-east-2' }],
    ['the default profile region is used last', { env: files }, { region: 'eu-west-1' }],
    ['--profile picks that profile region', { profile: 'dev', env: files }, { region: 'ap-south-1', profile: 'dev' }],
    ['AWS_PROFILE picks that profile region', { env: { ...files, AWS_PROFILE: 'dev' } }, { region: 'ap-south-1', profile: 'dev' }],
    ['--profile wins over AWS_PROFILE', { profile: 'dev', env: { ...files, AWS_PROFILE: 'noregion' } }, { region: 'ap-south-1', profile: 'dev' }],
    ['a region in the credentials file counts too', { profile: 'creds-only', env: files }, { region: 'ca-central-1', profile: 'creds-only' }],
    ['blank flags are ignored', { region: ' ', profile: '', env: { ...noFiles, AWS_REGION: 'us-east-1' } }, { region: 'us-east-1' }],
  ];
  it.each(cases)('%s', async (_title, input, expected) => {
    const settings = await resolveAwsSettings(input);
    expect({ region: settings.region, ...(settings.profile === undefined ? {} : { profile: settings.profile }) }).toEqual(expected);
  });

  const failures: [string, Parameters<typeof resolveAwsSettings>[0], RegExp][] = [
    ['no region anywhere', { env: noFiles }, new RegExp(`^${NO_REGION_MESSAGE.replace(/[()]/g, '\\$&')}$`)],
    ['a profile without a region and no region elsewhere', { profile: 'noregion', env: files }, /^no AWS region/],
    ['a profile that does not exist', { profile: 'nope', region: 'us-east-1', env: files }, /^AWS profile "nope" is not in the shared config or credentials file$/],
    ['a malformed region', { region: 'EU WEST', env: noFiles }, /^not a valid AWS region: "EU WEST"$/],
    ['a malformed endpoint URL', { endpointUrl: 'not a url', region: 'us-east-1', env: noFiles }, /^--endpoint-url is not a URL: not a url$/],
  ];
  it.each(failures)('fails with a config error for %s', async (_title, input, message) => {
    const error = await resolveAwsSettings(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmshError);
    expect((error as SmshError).kind).toBe('config');
    expect((error as SmshError).message).toMatch(message);
  });

  it('returns frozen settings', async () => {
    const settings = await resolveAwsSettings({ region: 'us-east-1', env: noFiles });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.endpoints)).toBe(true);
  });
});

describe('resolveEndpoints', () => {
  const cases: [string, string | undefined, Record<string, string>, Record<string, string>][] = [
    ['no overrides leaves the SDK defaults', undefined, {}, {}],
    ['AWS_ENDPOINT_URL applies to every service', undefined, { AWS_ENDPOINT_URL: 'http://localhost:4566' }, { ssm: 'http://localhost:4566', ec2: 'http://localhost:4566', sts: 'http://localhost:4566' }],
    [
      'a service-specific variable wins over the general one',
      undefined,
      { AWS_ENDPOINT_URL: 'http://general:1', AWS_ENDPOINT_URL_SSM: 'http://ssm:2', AWS_ENDPOINT_URL_EC2: 'http://ec2:3', AWS_ENDPOINT_URL_STS: 'http://sts:4' },
      { ssm: 'http://ssm:2', ec2: 'http://ec2:3', sts: 'http://sts:4' },
    ],
    ['only the named service is overridden', undefined, { AWS_ENDPOINT_URL_EC2: 'http://ec2:3' }, { ec2: 'http://ec2:3' }],
    [
      '--endpoint-url wins over both',
      'http://flag:9',
      { AWS_ENDPOINT_URL: 'http://general:1', AWS_ENDPOINT_URL_SSM: 'http://ssm:2' },
      { ssm: 'http://flag:9', ec2: 'http://flag:9', sts: 'http://flag:9' },
    ],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the variables off', undefined, { AWS_ENDPOINT_URL: 'http://general:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, {}],
  ];
  it.each(cases)('%s', (_title, flag, env, expected) => {
    expect(resolveEndpoints(flag, env)).toEqual(expected);
  });

  it('rejects a non-http endpoint', () => {
    expect(() => resolveEndpoints(undefined, { AWS_ENDPOINT_URL_SSM: 'ftp://x' })).toThrow(/AWS_ENDPOINT_URL_SSM must be an http or https URL/);
  });
});
