import { describe, expect, it } from 'vitest';
import { createGovernor } from '../../src/aws/governor.js';
import {
  backoffDelay,
  callAws,
  classifyAwsError,
  shouldRetryClass,
  type RetryBudget,
  type RetryClass,
  type RetryInfo,
} from '../../src/aws/retry.js';
import { connectTimeout, noCredentials, serviceError, systemError } from './aws-errors.js';

describe('classifyAwsError', () => {
  const cases: [string, unknown, RetryClass][] = [
    ['SSM throttling', serviceError('ThrottlingException', 'Rate exceeded'), 'throttle'],
    ['EC2 throttling', serviceError('RequestLimitExceeded', 'Request limit exceeded.'), 'throttle'],
    ['TooManyRequestsException', serviceError('TooManyRequestsException'), 'throttle'],
    ['any HTTP 429', serviceError('Whatever', '', 429), 'throttle'],
    ['InvocationDoesNotExist', serviceError('InvocationDoesNotExist'), 'not-found-yet'],
    ['InternalServerError (HTTP 500)', serviceError('InternalServerError', 'boom', 500, 'server'), 'server'],
    ['an HTML 503 the SDK could not parse', Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 503 } }), 'server'],
    ['ServiceUnavailable without a status', Object.assign(new Error(''), { name: 'ServiceUnavailable' }), 'server'],
    ['connection refused', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'unreachable'],
    ['an unknown host', systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND nope.invalid'), 'unreachable'],
    ['no route to host', systemError('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'unreachable'],
    ['a connect timeout', connectTimeout(), 'unreachable'],
    ['a reset connection', systemError('ECONNRESET', 'read ECONNRESET'), 'network'],
    ['socket hang up as the SDK throws it', Object.assign(systemError('ECONNRESET', 'socket hang up'), { name: 'TimeoutError' }), 'network'],
    ['a request timeout', Object.assign(new Error('request has exceeded the configured 30000 ms requestTimeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), 'stalled'],
    ['a body that stopped', Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 10000 ms of inactivity'), { name: 'TimeoutError' }), 'stalled'],
    ['an aborted request', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 'aborted'],
    ['bad credentials', serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'), 'fatal'],
    ['access denied', serviceError('AccessDeniedException', 'not authorized'), 'fatal'],
    ['InvalidInstanceId', serviceError('InvalidInstanceId'), 'fatal'],
    ['no credentials', noCredentials(), 'fatal'],
    ['a plain bug', new TypeError('x is not a function'), 'fatal'],
    ['a thrown string', 'oops', 'fatal'],
  ];
  it.each(cases)('sorts %s as %s', (_title, error, expected) => {
    expect(classifyAwsError(error)).toBe(expected);
  });
});

describe('shouldRetryClass', () => {
  const budget: RetryBudget = { retries: 3, unreachableRetries: 1, notFoundUntil: 1000, idempotent: true };
  const once: RetryBudget = { ...budget, idempotent: false };
  const cases: [string, RetryClass, number, RetryBudget, number, boolean][] = [
    ['throttling is retried within the budget', 'throttle', 2, budget, 0, true],
    ['throttling stops when the budget is spent', 'throttle', 3, budget, 0, false],
    ['5xx is retried', 'server', 0, budget, 0, true],
    ['a dropped connection is retried', 'network', 0, budget, 0, true],
    ['an unreachable endpoint gets one quick retry', 'unreachable', 0, budget, 0, true],
    ['an unreachable endpoint is not retried twice', 'unreachable', 1, budget, 0, false],
    ['an endpoint that never answered gets one retry', 'stalled', 0, budget, 0, true],
    ['an endpoint that never answered is not retried twice', 'stalled', 1, budget, 0, false],
    ['InvocationDoesNotExist is retried before the deadline', 'not-found-yet', 7, budget, 999, true],
    ['InvocationDoesNotExist is not retried at the deadline', 'not-found-yet', 0, budget, 1000, false],
    ['InvocationDoesNotExist is not retried without a deadline', 'not-found-yet', 0, { ...budget, notFoundUntil: undefined }, 0, false],
    ['a fatal error is never retried', 'fatal', 0, budget, 0, false],
    ['a call that must not run twice is still retried when throttled', 'throttle', 0, once, 0, true],
    ['a call that must not run twice is still retried when refused', 'unreachable', 0, once, 0, true],
    ['a call that must not run twice is not retried after a 5xx', 'server', 0, once, 0, false],
    ['a call that must not run twice is not retried after a dropped connection', 'network', 0, once, 0, false],
    ['a call that must not run twice is not retried when no answer came (it may have run)', 'stalled', 0, once, 0, false],
    ['an abort is never retried', 'aborted', 0, budget, 0, false],
  ];
  it.each(cases)('%s', (_title, klass, retriesSoFar, given, now, expected) => {
    expect(shouldRetryClass(klass, retriesSoFar, given, now)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each<[string, number, number, number, number, number]>([
    ['the first retry waits up to the base', 0, 100, 5000, 0.999, 99],
    ['each retry doubles the ceiling', 3, 100, 5000, 0.5, 400],
    ['the ceiling is capped', 10, 100, 5000, 0.5, 2500],
    ['full jitter can wait nothing at all', 4, 100, 5000, 0, 0],
    ['a zero base never waits (tests)', 5, 0, 5000, 0.9, 0],
  ])('%s', (_title, retryIndex, base, cap, random, expected) => {
    expect(backoffDelay(retryIndex, base, cap, () => random)).toBe(expected);
  });
});

describe('callAws', () => {
  const fast = { minTimeout: 0, maxTimeout: 0 } as const;
  const failing = (errors: unknown[], result = 'ok'): { fn: () => Promise<string>; attempts: () => number } => {
    let attempts = 0;
    return {
      fn: async () => {
        const error = errors[attempts];
        attempts += 1;
        if (error !== undefined) throw error;
        return result;
      },
      attempts: () => attempts,
    };
  };

  it('retries throttling until the call succeeds, and the governor sees every throttle', async () => {
    const governor = createGovernor({ sleep: async () => {} });
    const call = failing([serviceError('ThrottlingException'), serviceError('ThrottlingException')]);
    await expect(callAws(call.fn, { governor, ...fast })).resolves.toBe('ok');
    expect(call.attempts()).toBe(3);
    expect(governor.stats()).toMatchObject({ calls: 3, throttles: 2, retries: 2 });
  });

  it('gives up after the retry budget and rejects with the last raw error', async () => {
    const governor = createGovernor({ sleep: async () => {} });
    const last = serviceError('ThrottlingException', 'Rate exceeded');
    const call = failing([serviceError('ThrottlingException'), serviceError('ThrottlingException'), last]);
    await expect(callAws(call.fn, { governor, retries: 2, throttleRetryMs: 0, ...fast })).rejects.toBe(last);
    expect(call.attempts()).toBe(3);
  });

  it('keeps retrying throttling past the count budget while within throttleRetryMs, since a throttled call never ran', async () => {
    const governor = createGovernor({ sleep: async () => {} });
    const call = failing([serviceError('ThrottlingException'), serviceError('ThrottlingException'), serviceError('ThrottlingException')]);
    await expect(callAws(call.fn, { governor, retries: 1, throttleRetryMs: 60_000, ...fast })).resolves.toBeDefined();
    expect(call.attempts()).toBe(4);
  });

  it('does not stretch the count budget for 5xx errors', async () => {
    const governor = createGovernor({ sleep: async () => {} });
    const last = serviceError('InternalServerError', 'boom', 500);
    const call = failing([serviceError('InternalServerError', 'boom', 500), last]);
    await expect(callAws(call.fn, { governor, retries: 1, throttleRetryMs: 60_000, ...fast })).rejects.toBe(last);
    expect(call.attempts()).toBe(2);
  });

  it('does not repeat a non-idempotent call after a dropped connection', async () => {
    const governor = createGovernor();
    const dropped = systemError('ECONNRESET', 'socket hang up');
    const call = failing([dropped]);
    await expect(callAws(call.fn, { governor, idempotent: false, ...fast })).rejects.toBe(dropped);
    expect(call.attempts()).toBe(1);
  });

  it('does not retry a fatal error', async () => {
    const governor = createGovernor();
    const denied = serviceError('AccessDeniedException');
    const call = failing([denied]);
    await expect(callAws(call.fn, { governor, ...fast })).rejects.toBe(denied);
    expect(call.attempts()).toBe(1);
  });

  it('gives a refused connection exactly one quick retry', async () => {
    const governor = createGovernor();
    const refused = systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1');
    const call = failing([refused, refused, refused]);
    await expect(callAws(call.fn, { governor, ...fast })).rejects.toBe(refused);
    expect(call.attempts()).toBe(2);
  });

  it('retries InvocationDoesNotExist only until the deadline', async () => {
    const governor = createGovernor();
    let now = 0;
    let attempts = 0;
    const missing = serviceError('InvocationDoesNotExist');
    const fn = async (): Promise<string> => {
      attempts += 1;
      now += 40;
      throw missing;
    };
    await expect(callAws(fn, { governor, retryNotFoundUntil: 100, now: () => now, ...fast })).rejects.toBe(missing);
    expect(attempts).toBe(3);
  });

  it('succeeds once InvocationDoesNotExist clears', async () => {
    const governor = createGovernor();
    const call = failing([serviceError('InvocationDoesNotExist'), serviceError('InvocationDoesNotExist')], 'found');
    await expect(callAws(call.fn, { governor, retryNotFoundUntil: Date.now() + 10_000, ...fast })).resolves.toBe('found');
  });

  it('tells onRetry about each retry with its class', async () => {
    const governor = createGovernor();
    const seen: RetryInfo[] = [];
    const call = failing([serviceError('InternalServerError', '', 500, 'server'), systemError('ECONNRESET', 'read ECONNRESET')]);
    await callAws(call.fn, { governor, onRetry: (info) => seen.push(info), ...fast });
    expect(seen.map((info) => [info.klass, info.attemptNumber])).toEqual([
      ['server', 1],
      ['network', 2],
    ]);
  });

  it('hands the signal to the request', async () => {
    const governor = createGovernor();
    const controller = new AbortController();
    let received: AbortSignal | undefined;
    await callAws(
      async (signal) => {
        received = signal;
        return 1;
      },
      { governor, signal: controller.signal },
    );
    expect(received).toBe(controller.signal);
  });

  it('stops at once when aborted during a backoff wait, rejecting with the abort reason', async () => {
    const governor = createGovernor();
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const started = Date.now();
    const pending = callAws(
      async () => {
        setTimeout(() => controller.abort(reason), 10);
        throw serviceError('ThrottlingException');
      },
      { governor, signal: controller.signal, minTimeout: 60_000, maxTimeout: 60_000, random: () => 0.99 },
    );
    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects with the abort reason when the request itself is aborted', async () => {
    const governor = createGovernor();
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const pending = callAws(
      (signal) =>
        new Promise<never>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
          setTimeout(() => controller.abort(reason), 10);
        }),
      { governor, signal: controller.signal, ...fast },
    );
    await expect(pending).rejects.toBe(reason);
  });

  it('does not start when the signal is already aborted', async () => {
    const governor = createGovernor();
    const reason = new Error('already gone');
    let attempts = 0;
    const pending = callAws(
      async () => {
        attempts += 1;
        return 1;
      },
      { governor, signal: AbortSignal.abort(reason) },
    );
    await expect(pending).rejects.toBe(reason);
    expect(attempts).toBe(0);
  });
});
