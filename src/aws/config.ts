// Where smsh's AWS calls go: the profile, the region and per-service endpoint overrides,
// resolved the way the AWS CLI does it (flag, then environment, then the profile's config).
// Credentials are deliberately absent: they come only from the SDK's own provider chain
// (clients.ts), so smsh never reads, prints or stores a key.
import { loadSharedConfigFiles } from '@smithy/core/config';
import { SmshError } from '../util/smsh-error.js';

/** The AWS services smsh talks to. */
export type AwsService = 'ssm' | 'ec2' | 'sts';

/** The frozen outcome of configuration: everything the clients need except credentials. */
export interface AwsSettings {
  readonly region: string;
  /** The named profile, or undefined for the SDK's default profile. */
  readonly profile?: string;
  /** Endpoint overrides; a missing service uses the SDK's regional default (or the profile's endpoint_url). */
  readonly endpoints: Readonly<Partial<Record<AwsService, string>>>;
}

/** Inputs of resolveAwsSettings: the CLI flags plus the environment to read (injected, never process.env). */
export interface AwsSettingsInput {
  /** `--profile` */
  readonly profile?: string | undefined;
  /** `--region` */
  readonly region?: string | undefined;
  /** `--endpoint-url`: overrides every service's endpoint. */
  readonly endpointUrl?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const SERVICES: readonly AwsService[] = ['ssm', 'ec2', 'sts'];

/** The message every front end prints when no region is configured anywhere. */
export const NO_REGION_MESSAGE = 'no AWS region: pass --region or set AWS_REGION (or a region in your profile)';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function checkEndpoint(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SmshError('config', `${source} is not a URL: ${url}`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SmshError('config', `${source} must be an http or https URL: ${url}`);
  }
  return url;
}

/** Picks each service's endpoint: `--endpoint-url`, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL; pure. */
export function resolveEndpoints(
  endpointUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<AwsService, string>> {
  const endpoints: Partial<Record<AwsService, string>> = {};
  const flag = nonEmpty(endpointUrl);
  const ignoreEnv = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true';
  const general = ignoreEnv ? undefined : nonEmpty(env['AWS_ENDPOINT_URL']);
  for (const service of SERVICES) {
    const specificName = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
    const specific = ignoreEnv ? undefined : nonEmpty(env[specificName]);
    if (flag !== undefined) endpoints[service] = checkEndpoint(flag, '--endpoint-url');
    else if (specific !== undefined) endpoints[service] = checkEndpoint(specific, specificName);
    else if (general !== undefined) endpoints[service] = checkEndpoint(general, 'AWS_ENDPOINT_URL');
  }
  return endpoints;
}

/**
 * Resolves profile, region and endpoints like the AWS CLI: flags win, then AWS_PROFILE /
 * AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in the shared config files
 * (read with the SDK's own loader; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured).
 */
export async function resolveAwsSettings(input: AwsSettingsInput): Promise<AwsSettings> {
  const { env } = input;
  const profile = nonEmpty(input.profile) ?? nonEmpty(env['AWS_PROFILE']);
  const endpoints = resolveEndpoints(input.endpointUrl, env);

  let region = nonEmpty(input.region) ?? nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
  if (region === undefined || profile !== undefined) {
    const files = await loadSharedConfigFiles({
      ignoreCache: true,
      ...(nonEmpty(env['AWS_CONFIG_FILE']) === undefined ? {} : { configFilepath: nonEmpty(env['AWS_CONFIG_FILE']) }),
      ...(nonEmpty(env['AWS_SHARED_CREDENTIALS_FILE']) === undefined
        ? {}
        : { filepath: nonEmpty(env['AWS_SHARED_CREDENTIALS_FILE']) }),
    });
    const name = profile ?? 'default';
    const section = files.configFile[name] ?? files.credentialsFile[name];
    if (profile !== undefined && section === undefined) {
      throw new SmshError('config', `AWS profile "${profile}" is not in the shared config or credentials file`);
    }
    region ??= nonEmpty(files.configFile[name]?.['region']) ?? nonEmpty(files.credentialsFile[name]?.['region']);
  }
  if (region === undefined) throw new SmshError('config', NO_REGION_MESSAGE);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    throw new SmshError('config', `not a valid AWS region: ${JSON.stringify(region)}`);
  }
  return Object.freeze({ region, ...(profile === undefined ? {} : { profile }), endpoints: Object.freeze(endpoints) });
}
