// smsh's one retry policy for AWS calls. The SDK's own retries are off (clients.ts), so this is
// the only layer that retries: throttling, 5xx and dropped connections are retried with
// exponential backoff and full jitter; an endpoint that refuses connections or does not exist
// is given up on after one quick retry, so a wrong endpoint fails in seconds; one that accepts
// the connection and never answers (the request timeout, clients.ts) also gets one retry; and
// `InvocationDoesNotExist` is retried only until a caller-given deadline (SSM is eventually
// consistent right after SendCommand). Every attempt first takes a permit from the governor.
import pRetry from 'p-retry';
import { inspectAwsError } from './error-shape.js';
import { abortableSleep, type Governor } from './governor.js';

/** Why an AWS call failed, as far as retrying is concerned. */
export type RetryClass =
  | 'throttle'
  | 'server'
  | 'network'
  | 'unreachable'
  | 'stalled'
  | 'not-found-yet'
  | 'aborted'
  | 'fatal';

/** AWS codes that mean "slow down" across SSM, EC2 and STS. */
export const THROTTLE_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TooManyRequests',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

/** Node error codes of an endpoint that cannot be reached at all (retrying longer will not help). */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

/** Node error codes of a connection that broke or stalled mid-request (worth retrying). */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
]);

const SERVER_CODES = new Set(['InternalServerError', 'InternalFailure', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException', 'Unavailable']);

/** Sorts a failure into a retry class; pure, so the policy is a table test. */
export function classifyAwsError(error: unknown): RetryClass {
  const shape = inspectAwsError(error);
  if (shape.name === 'AbortError') return 'aborted';
  if (shape.awsCode !== undefined && THROTTLE_CODES.has(shape.awsCode)) return 'throttle';
  if (shape.httpStatus === 429) return 'throttle';
  if (shape.awsCode === 'InvocationDoesNotExist') return 'not-found-yet';
  if (shape.sysCode !== undefined && UNREACHABLE_CODES.has(shape.sysCode)) return 'unreachable';
  // The SDK's connection timeout: nothing answered the connect, like a black-holed address.
  if (shape.name === 'TimeoutError' && /establish a connection/.test(shape.message)) return 'unreachable';
  if (isStalled(shape.name, shape.message)) return 'stalled';
  if (shape.sysCode !== undefined && TRANSIENT_NETWORK_CODES.has(shape.sysCode)) return 'network';
  if (shape.name === 'TimeoutError' || /socket hang up/i.test(shape.message)) return 'network';
  if (shape.awsCode === 'RequestTimeout' || shape.awsCode === 'RequestTimeoutException') return 'network';
  if (shape.httpStatus !== undefined && shape.httpStatus >= 500) return 'server';
  if (shape.fault === 'server' || (shape.awsCode !== undefined && SERVER_CODES.has(shape.awsCode))) return 'server';
  return 'fatal';
}

/** True for the SDK's request and socket timeouts: connected, request sent, no (more) response. */
export function isStalled(name: string, message: string): boolean {
  return name === 'TimeoutError' && /requestTimeout|socket timed out/.test(message);
}

/** The limits one call retries within. */
export interface RetryBudget {
  /** Retries allowed for throttling, 5xx and broken connections. */
  readonly retries: number;
  /** Retries allowed when the endpoint refuses, does not resolve, or never answers. */
  readonly unreachableRetries: number;
  /** Until when (Date.now() ms) `InvocationDoesNotExist` is retried; undefined: never. */
  readonly notFoundUntil: number | undefined;
  /** False for calls that must not run twice: then a failure that may have reached AWS (5xx, dropped connection) is not retried. */
  readonly idempotent: boolean;
  /** Until when (Date.now() ms) throttling is retried past `retries`: a throttled request never ran, so waiting it out is always safe. */
  readonly throttleUntil?: number | undefined;
}

/** Whether to try again after a failure of class `klass`, given the retries already made; pure. */
export function shouldRetryClass(klass: RetryClass, retriesSoFar: number, budget: RetryBudget, now: number): boolean {
  switch (klass) {
    case 'throttle':
      return retriesSoFar < budget.retries || (budget.throttleUntil !== undefined && now < budget.throttleUntil);
    case 'server':
    case 'network':
      return budget.idempotent && retriesSoFar < budget.retries;
    case 'unreachable':
      return retriesSoFar < budget.unreachableRetries;
    case 'stalled':
      return budget.idempotent && retriesSoFar < budget.unreachableRetries;
    case 'not-found-yet':
      return budget.notFoundUntil !== undefined && now < budget.notFoundUntil;
    case 'aborted':
    case 'fatal':
      return false;
  }
}

/** Full-jitter exponential backoff: a uniform random wait in [0, min(cap, base * 2^retryIndex)). */
export function backoffDelay(retryIndex: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retryIndex));
  return Math.floor(random() * ceiling);
}

/** Options of callAws; everything but the governor has a default. */
export interface CallAwsOptions {
  /** Cancels the call and any wait; callAws then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** The session's pacer. */
  readonly governor: Governor;
  /** Retries for throttling, 5xx and broken connections. @default 8 */
  readonly retries?: number;
  /** How long throttling keeps being retried after `retries` ran out, in ms; under sustained throttling the governor slows the session, and calls wait rather than fail. @default 60000 */
  readonly throttleRetryMs?: number;
  /** Retries for an endpoint that refuses connections, does not resolve, or accepts and never answers. @default 1 */
  readonly unreachableRetries?: number;
  /**
   * False for a call that must not take effect twice (SendCommand has no client token): a 5xx or a
   * dropped connection may mean AWS did act, so only throttling and refused connections, which
   * prove it did not, are retried. @default true
   */
  readonly idempotent?: boolean;
  /** Retry `InvocationDoesNotExist` until this Date.now() time; for the calls right after SendCommand. */
  readonly retryNotFoundUntil?: number;
  /** First backoff step in ms (tests pass 0). @default 100 */
  readonly minTimeout?: number;
  /** Longest backoff in ms. @default 5000 */
  readonly maxTimeout?: number;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Wall clock for `retryNotFoundUntil`. @default Date.now */
  readonly now?: () => number;
  /** Told about each retry before its wait; for logs and benches. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/** What onRetry is told. */
export interface RetryInfo {
  readonly error: unknown;
  readonly klass: RetryClass;
  /** The attempt that failed, from 1. */
  readonly attemptNumber: number;
  readonly delayMs: number;
}

/**
 * Runs one AWS request under the session's retry policy and pacer.
 * `fn` gets the signal to hand to the SDK (`client.send(cmd, {abortSignal})`) and the attempt number.
 * Rejects with the last raw error (map it with toSmshError), or with the signal's reason when aborted.
 */
export async function callAws<T>(
  fn: (signal: AbortSignal | undefined, attemptNumber: number) => Promise<T>,
  options: CallAwsOptions,
): Promise<T> {
  const { signal, governor } = options;
  const budget: RetryBudget = {
    retries: options.retries ?? 8,
    unreachableRetries: options.unreachableRetries ?? 1,
    notFoundUntil: options.retryNotFoundUntil,
    idempotent: options.idempotent ?? true,
    throttleUntil: (options.now ?? Date.now)() + (options.throttleRetryMs ?? 60_000),
  };
  const minTimeout = options.minTimeout ?? 100;
  const maxTimeout = options.maxTimeout ?? 5000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  let retriesSoFar = 0;

  const attempt = async (attemptNumber: number): Promise<T> => {
    await governor.acquire(signal);
    signal?.throwIfAborted();
    try {
      const result = await fn(signal, attemptNumber);
      governor.noteSuccess();
      return result;
    } catch (error) {
      if (classifyAwsError(error) === 'throttle') governor.noteThrottle();
      throw error;
    }
  };

  try {
    return await pRetry(attempt, {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 0,
      signal,
      shouldRetry: async ({ error, attemptNumber }) => {
        if (signal?.aborted) throw signal.reason;
        const klass = classifyAwsError(error);
        if (!shouldRetryClass(klass, retriesSoFar, budget, now())) return false;
        let delayMs = backoffDelay(retriesSoFar, minTimeout, maxTimeout, random);
        if (klass === 'not-found-yet' && budget.notFoundUntil !== undefined) {
          delayMs = Math.min(delayMs, Math.max(0, budget.notFoundUntil - now()));
        }
        options.onRetry?.({ error, klass, attemptNumber, delayMs });
        retriesSoFar += 1;
        governor.noteRetry();
        if (delayMs > 0) await abortableSleep(delayMs, signal);
        return true;
      },
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
