// The SDK clients of one smsh session. SSM loads eagerly (every path needs it); EC2 and STS load
// through dynamic import() only when used, because one-shot mode on an instance id must not pay
// for loading them. SDK retries are off: callAws (retry.ts) is the only retry layer, so attempts
// are not multiplied. One credential chain is shared, so SSO or an assumed role resolves once.
import { SSMClient } from '@aws-sdk/client-ssm';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  InitializeHandler,
  InitializeHandlerArguments,
  MetadataBearer,
  MiddlewareStack,
  NodeHttpHandlerOptions,
} from '@smithy/types';
import type { AwsService, AwsSettings } from './config.js';

/** The clients a session uses; EC2 and STS are created on first use. */
export interface AwsClients {
  readonly settings: AwsSettings;
  readonly ssm: SSMClient;
  /** The EC2 client, loaded and built on first call (target resolution by IP, DNS or tag). */
  ec2(): Promise<EC2Client>;
  /** The STS client, loaded and built on first call (who-am-i diagnostics). */
  sts(): Promise<STSClient>;
  /** The endpoint URL a service's calls go to, for error messages (the SDK default when not overridden). */
  endpointFor(service: AwsService): string;
  /** Closes every created client's sockets so the process can exit. */
  destroy(): void;
}

/** Options of createAwsClients; the defaults suit the CLI, tests override credentials and timeouts. */
export interface AwsClientOptions {
  /** SDK attempts per call; leave at 1 so callAws alone retries. @default 1 */
  readonly maxAttempts?: number;
  /** Credentials to use instead of the SDK's default chain (tests, the local emulator). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Give up connecting after this many ms (a black-holed endpoint fails fast). @default 3000 */
  readonly connectionTimeout?: number;
  /**
   * Give up on a request without a response after this many ms, and on a response whose body
   * stalls this long. SSM, EC2 and STS answer in well under a second (smsh's long waits happen
   * on the instance, not in HTTP), so this only ever fires on an endpoint that hangs. @default 10000
   */
  readonly requestTimeout?: number;
  /**
   * Aborts every call of these clients at once, in flight or later, whoever made it and whether
   * or not it passed a signal of its own: how the CLI leaves while an endpoint does not answer.
   */
  readonly signal?: AbortSignal;
}

/** How long connecting may take (README: Timeouts). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** How long a response may take to start, or stall (README: Timeouts). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

// The part of the client configuration every service shares.
interface CommonClientConfig {
  region: string;
  profile?: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  requestHandler: NodeHttpHandlerOptions;
}

/** The regional default endpoint the SDK would use, named in network errors. */
export function defaultEndpoint(service: AwsService, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}

/** Builds the session's clients from resolved settings; credentials come from the SDK's provider chain. */
export function createAwsClients(settings: AwsSettings, options: AwsClientOptions = {}): AwsClients {
  const credentials =
    options.credentials ?? defaultProvider(settings.profile === undefined ? {} : { profile: settings.profile });
  const configFor = (service: AwsService): CommonClientConfig => {
    const endpoint = settings.endpoints[service];
    return {
      region: settings.region,
      ...(settings.profile === undefined ? {} : { profile: settings.profile }),
      ...(endpoint === undefined ? {} : { endpoint }),
      credentials,
      maxAttempts: options.maxAttempts ?? 1,
      requestHandler: {
        connectionTimeout: options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_MS,
        requestTimeout: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
        socketTimeout: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
    };
  };

  const ssm = new SSMClient(configFor('ssm'));
  if (options.signal) abortAllWith(ssm.middlewareStack, options.signal);
  let ec2: Promise<EC2Client> | undefined;
  let sts: Promise<STSClient> | undefined;
  const created: { destroy(): void }[] = [ssm];

  return {
    settings,
    ssm,
    ec2(): Promise<EC2Client> {
      ec2 ??= import('@aws-sdk/client-ec2').then((module) => {
        const client = new module.EC2Client(configFor('ec2'));
        if (options.signal) abortAllWith(client.middlewareStack, options.signal);
        created.push(client);
        return client;
      });
      return ec2;
    },
    sts(): Promise<STSClient> {
      sts ??= import('@aws-sdk/client-sts').then((module) => {
        const client = new module.STSClient(configFor('sts'));
        if (options.signal) abortAllWith(client.middlewareStack, options.signal);
        created.push(client);
        return client;
      });
      return sts;
    },
    endpointFor(service: AwsService): string {
      return settings.endpoints[service] ?? defaultEndpoint(service, settings.region);
    },
    destroy(): void {
      for (const client of created) client.destroy();
    },
  };
}

/**
 * Makes every call through `stack` reject with the signal's reason (an AbortError) as soon as it
 * is aborted, before or during the request; the socket itself goes when the client is destroyed.
 */
function abortAllWith<I extends object, O extends MetadataBearer>(stack: MiddlewareStack<I, O>, signal: AbortSignal): void {
  stack.add(
    (next: InitializeHandler<I, O>) => (args: InitializeHandlerArguments<I>) => {
      signal.throwIfAborted();
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        next(args).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    { step: 'initialize', name: 'smshAbortAll', priority: 'high' },
  );
}
