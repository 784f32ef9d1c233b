// A session-wide pacer for AWS calls: a token bucket whose refill rate follows AIMD
// (additive increase, multiplicative decrease), so sustained throttling slows every call of
// the session, not only the one that was throttled. The state transitions are pure functions
// (table-tested); `createGovernor` wires them to a clock and a sleep.

/** Tuning of the pacer; every field has a default in DEFAULT_GOVERNOR_CONFIG. */
export interface GovernorConfig {
  /** Highest allowed request rate, in requests per second. */
  readonly ceiling: number;
  /** Lowest rate throttling can push the session down to, in requests per second. */
  readonly floor: number;
  /** Requests that may go at once after an idle spell, at the ceiling (scaled down with the rate). */
  readonly burst: number;
  /** How much each success raises the rate, in requests per second. */
  readonly increasePerSuccess: number;
  /** Throttles within this window after a decrease count as the same congestion event. */
  readonly decreaseWindowMs: number;
}

/** Defaults: generous when AWS is quiet, 0.5 req/s at worst; SSM's real per-operation quotas are not published. */
export const DEFAULT_GOVERNOR_CONFIG: GovernorConfig = {
  ceiling: 20,
  floor: 0.5,
  burst: 8,
  increasePerSuccess: 0.25,
  decreaseWindowMs: 1000,
};

/** The pacer's whole state: pure data, so transitions can be tested as tables. */
export interface GovernorState {
  /** Allowed requests per second right now. */
  readonly rate: number;
  /** Tokens in the bucket at `updatedAt`; negative while callers are queued. */
  readonly tokens: number;
  /** Clock time (ms) the tokens were last computed at. */
  readonly updatedAt: number;
  /** Clock time (ms) of the last rate decrease, if any. */
  readonly lastDecreaseAt: number | undefined;
}

/** The counters benches and tests read to see how the session was paced. */
export interface GovernorStats {
  /** Permits handed out: one per attempt of an AWS call. */
  readonly calls: number;
  /** Throttling errors reported back. */
  readonly throttles: number;
  /** Attempts that were retries of an earlier failed attempt. */
  readonly retries: number;
  /** Permits that had to wait for the pacer. */
  readonly waits: number;
  /** Total time spent waiting for permits, in ms. */
  readonly waitedMs: number;
  /** The current allowed rate, in requests per second. */
  readonly rate: number;
}

/** A full bucket at the ceiling: how a session starts. */
export function initialGovernorState(config: GovernorConfig, now: number): GovernorState {
  return { rate: config.ceiling, tokens: bucketSize(config, config.ceiling), updatedAt: now, lastDecreaseAt: undefined };
}

/** The bucket shrinks with the rate, so a slowed-down session cannot burst back into throttling. */
export function bucketSize(config: GovernorConfig, rate: number): number {
  return Math.max(1, (config.burst * rate) / config.ceiling);
}

/** Adds the tokens earned since `updatedAt`, up to the bucket size. */
export function refill(state: GovernorState, config: GovernorConfig, now: number): GovernorState {
  const elapsed = Math.max(0, now - state.updatedAt);
  const tokens = Math.min(bucketSize(config, state.rate), state.tokens + (elapsed * state.rate) / 1000);
  return { ...state, tokens, updatedAt: Math.max(now, state.updatedAt) };
}

/** Takes one permit: how long the caller must wait before using it (0 when a token was there). */
export function reserve(state: GovernorState, config: GovernorConfig, now: number): { state: GovernorState; waitMs: number } {
  const filled = refill(state, config, now);
  const tokens = filled.tokens - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / filled.rate);
  return { state: { ...filled, tokens }, waitMs };
}

/** Gives back a permit that was never used (its caller was aborted while waiting). */
export function release(state: GovernorState): GovernorState {
  return { ...state, tokens: state.tokens + 1 };
}

/** A throttle halves the rate (once per congestion window, never below the floor) and empties the bucket. */
export function afterThrottle(state: GovernorState, config: GovernorConfig, now: number): GovernorState {
  const filled = refill(state, config, now);
  const tokens = Math.min(filled.tokens, 0);
  const inWindow = filled.lastDecreaseAt !== undefined && now - filled.lastDecreaseAt < config.decreaseWindowMs;
  if (inWindow) return { ...filled, tokens };
  return { ...filled, tokens, rate: Math.max(config.floor, filled.rate / 2), lastDecreaseAt: now };
}

/** A success raises the rate a little, up to the ceiling. */
export function afterSuccess(state: GovernorState, config: GovernorConfig, now: number): GovernorState {
  const filled = refill(state, config, now);
  return { ...filled, rate: Math.min(config.ceiling, filled.rate + config.increasePerSuccess) };
}

/** The session-wide pacer every AWS call goes through (see callAws). */
export interface Governor {
  /** Waits for a permit to make one AWS request; rejects with the signal's reason if aborted. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Reports that a request succeeded (raises the rate slowly). */
  noteSuccess(): void;
  /** Reports a throttling error (halves the rate). */
  noteThrottle(): void;
  /** Reports that a failed request is about to be retried. */
  noteRetry(): void;
  /** Counters for benches, tests and diagnostics. */
  stats(): GovernorStats;
}

/** Options of createGovernor: tests inject the clock and the sleep. */
export interface GovernorOptions {
  readonly config?: Partial<GovernorConfig>;
  /** Monotonic clock in ms. @default performance.now */
  readonly now?: () => number;
  /** Waits `ms`, rejecting with the signal's reason if it is aborted. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** An abortable sleep that rejects with the signal's own reason (node:timers/promises wraps it). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One pacer per session: create it next to the clients and pass it to every callAws. */
export function createGovernor(options: GovernorOptions = {}): Governor {
  const config: GovernorConfig = { ...DEFAULT_GOVERNOR_CONFIG, ...options.config };
  if (!(config.floor > 0 && config.ceiling >= config.floor)) {
    throw new RangeError('governor: need 0 < floor <= ceiling');
  }
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  let state = initialGovernorState(config, now());
  let calls = 0;
  let throttles = 0;
  let retries = 0;
  let waits = 0;
  let waitedMs = 0;

  return {
    async acquire(signal?: AbortSignal): Promise<void> {
      signal?.throwIfAborted();
      const reserved = reserve(state, config, now());
      state = reserved.state;
      calls += 1;
      if (reserved.waitMs <= 0) return;
      waits += 1;
      waitedMs += reserved.waitMs;
      try {
        await sleep(reserved.waitMs, signal);
      } catch (error) {
        state = release(state);
        throw error;
      }
    },
    noteSuccess(): void {
      state = afterSuccess(state, config, now());
    },
    noteThrottle(): void {
      throttles += 1;
      state = afterThrottle(state, config, now());
    },
    noteRetry(): void {
      retries += 1;
    },
    stats(): GovernorStats {
      return { calls, throttles, retries, waits, waitedMs, rate: state.rate };
    },
  };
}
