// Turns whatever an AWS call threw into one SmshError with one line a user can act on.
// Messages never carry request headers, keys or tokens: credential failures get fixed text,
// and any service text that is echoed is collapsed to one line and scrubbed of access key ids.
import { errnoWords } from '../util/errno-words.js';
import { SmshError, isSmshError } from '../util/smsh-error.js';
import { inspectAwsError, type AwsErrorShape } from './error-shape.js';
import { THROTTLE_CODES, classifyAwsError } from './retry.js';

/** What the caller knows that the error does not: which call, which endpoint, which instance. */
export interface AwsErrorContext {
  /** The IAM action that failed, like `ssm:SendCommand`. */
  readonly operation?: string;
  /** The endpoint URL (or host) the call went to, named in network errors. */
  readonly endpoint?: string;
  /** The instance the call was about, named in target errors. */
  readonly target?: string;
  /** The region, named where a wrong region is a likely cause. */
  readonly region?: string;
  /** A way around a denied permission, appended to AccessDenied messages (e.g. `or give the instance id`). */
  readonly hint?: string;
}

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const CLOCK_CODES = new Set(['RequestExpired', 'RequestTimeTooSkewed']);
const REJECTED_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'OptInRequired',
]);
const SIGNATURE_CODES = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch']);
const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'Forbidden']);


/** Collapses service text to one short line and hides access key ids. */
export function oneLine(text: string, max = 200): string {
  const flat = text
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '<key id>')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// The endpoint as the user gave it (or the SDK's default URL), without a trailing slash.
function urlOf(endpoint: string | undefined): string | undefined {
  return endpoint?.replace(/\/+$/, '');
}

function serviceOf(operation: string | undefined): string {
  const prefix = operation?.split(':')[0];
  return prefix === undefined || prefix === '' ? 'AWS' : prefix.toUpperCase();
}

function networkReason(shape: AwsErrorShape): string {
  if (shape.name === 'TimeoutError' && /establish a connection/.test(shape.message)) return 'no answer to the connection attempt';
  const words = shape.sysCode === undefined ? undefined : errnoWords(shape.sysCode);
  if (words !== undefined) return words;
  if (shape.name === 'TimeoutError') return 'no response in time';
  if (/socket hang up/i.test(shape.message)) return 'connection dropped';
  if (shape.sysCode !== undefined && /CERT|TLS|SSL/.test(shape.sysCode)) return `TLS error ${shape.sysCode}`;
  return shape.sysCode ?? oneLine(shape.message, 80);
}

function deniedAction(shape: AwsErrorShape, context: AwsErrorContext): string {
  const fromMessage = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(shape.message)?.[1];
  return context.operation ?? fromMessage ?? 'this AWS action';
}

function credentialsError(shape: AwsErrorShape, code: string, error: unknown, context: AwsErrorContext): SmshError | undefined {
  if (shape.name === 'CredentialsProviderError' || shape.name === 'TokenProviderError') {
    if (/Could not load credentials from any providers/i.test(shape.message)) {
      return new SmshError(
        'credentials',
        'no AWS credentials found: use --profile or AWS_PROFILE, run `aws sso login`, or set the AWS_ACCESS_KEY_ID variables',
        { cause: error },
      );
    }
    return new SmshError('credentials', `could not load AWS credentials: ${oneLine(shape.message)}`, { cause: error });
  }
  if (EXPIRED_CODES.has(code)) {
    return new SmshError('credentials', `AWS credentials have expired (${code}): refresh them, e.g. \`aws sso login\``, { cause: error });
  }
  if (CLOCK_CODES.has(code) || (SIGNATURE_CODES.has(code) && /expired/i.test(shape.message))) {
    return new SmshError('credentials', `AWS rejected the request time (${code}): check this machine's clock`, { cause: error });
  }
  if (REJECTED_CODES.has(code)) {
    return new SmshError('credentials', `AWS rejected the credentials (${code}): the access key or session token is not valid`, { cause: error });
  }
  if (SIGNATURE_CODES.has(code) && /scoped to a valid region/i.test(shape.message)) {
    const region = /not '([^']*)'/.exec(shape.message)?.[1] ?? context.region;
    const which = region === undefined ? 'the region' : `region ${region}`;
    return new SmshError('config', `AWS refused ${which} (${code}): the request's credential scope must name a valid region for ${urlOf(context.endpoint) ?? 'this endpoint'}; check --region or AWS_REGION`, { cause: error });
  }
  if (SIGNATURE_CODES.has(code) && /scoped to (the )?correct service/i.test(shape.message)) {
    return new SmshError('config', `AWS refused the request's service scope (${code}): ${urlOf(context.endpoint) ?? 'the endpoint'} serves another service; check --endpoint-url and AWS_ENDPOINT_URL_*`, { cause: error });
  }
  if (SIGNATURE_CODES.has(code)) {
    return new SmshError('credentials', `AWS rejected the request signature (${code}): the secret key does not match the access key`, { cause: error });
  }
  return undefined;
}

/** Maps an error thrown by an AWS call (after callAws gave up) to the one SmshError smsh shows. */
export function toSmshError(error: unknown, context: AwsErrorContext = {}): SmshError {
  if (isSmshError(error)) return error;
  const shape = inspectAwsError(error);
  const code = shape.awsCode ?? shape.sysCode ?? shape.name;
  const operation = context.operation ?? 'the AWS call';

  const credentials = credentialsError(shape, code, error, context);
  if (credentials !== undefined) return credentials;

  if (DENIED_CODES.has(code)) {
    const hint = context.hint === undefined ? '' : `, ${context.hint}`;
    return new SmshError(
      'remote',
      `not allowed to call ${deniedAction(shape, context)} (${code}): the IAM identity needs that permission${hint}`,
      { cause: error },
    );
  }

  const klass = classifyAwsError(error);
  if (klass === 'aborted') {
    return new SmshError('internal', `${operation} was cancelled`, { cause: error });
  }
  if (klass === 'throttle' || THROTTLE_CODES.has(code)) {
    return new SmshError('throttled', `AWS kept throttling ${operation} (${code}) after several retries: try again in a moment`, { cause: error });
  }
  if (klass === 'stalled') {
    const ms = Number(/configured (\d+) ms|after (\d+) ms/.exec(shape.message)?.slice(1).find((n) => n !== undefined));
    const within = Number.isFinite(ms) && ms > 0 ? ` within ${ms / 1000} s` : ' in time';
    const where = urlOf(context.endpoint) ?? shape.host ?? '';
    return new SmshError(
      'network',
      `the ${serviceOf(context.operation)} endpoint ${where} accepted the connection but sent no response${within} (is it an SSM endpoint, or a proxy that hangs?)`.replace('endpoint  ', 'endpoint '),
      { cause: error },
    );
  }
  if (klass === 'unreachable' || klass === 'network' || (shape.sysCode !== undefined && shape.awsCode === undefined && shape.httpStatus === undefined)) {
    const where = urlOf(context.endpoint) ?? shape.host ?? 'the endpoint';
    return new SmshError('network', `cannot reach the ${serviceOf(context.operation)} endpoint ${where}: ${networkReason(shape)}`, { cause: error });
  }
  if (code === 'InvalidInstanceId') {
    const who = context.target ?? 'the instance';
    const where = context.region === undefined ? '' : ` in ${context.region}`;
    return new SmshError('target', `${who} is not a running, Online SSM managed instance${where} (InvalidInstanceId)`, { cause: error });
  }
  if (klass === 'server') {
    const status = shape.httpStatus === undefined ? '' : `, HTTP ${shape.httpStatus}`;
    return new SmshError('remote', `${operation} failed: AWS kept answering with a server error (${code}${status}): try again later`, { cause: error });
  }
  const text = oneLine(shape.message);
  return new SmshError('remote', `${operation} failed: ${code}${text === '' || text === code ? '' : `: ${text}`}`, { cause: error });
}
