import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GOVERNOR_CONFIG,
  afterSuccess,
  afterThrottle,
  bucketSize,
  createGovernor,
  initialGovernorState,
  refill,
  reserve,
  type GovernorConfig,
  type GovernorState,
} from '../../src/aws/governor.js';

const config: GovernorConfig = { ceiling: 10, floor: 0.5, burst: 4, increasePerSuccess: 1, decreaseWindowMs: 1000 };
const state = (fields: Partial<GovernorState>): GovernorState => ({
  rate: 10,
  tokens: 4,
  updatedAt: 0,
  lastDecreaseAt: undefined,
  ...fields,
});

describe('governor transitions', () => {
  it('starts at the ceiling with a full bucket', () => {
    expect(initialGovernorState(config, 5)).toEqual({ rate: 10, tokens: 4, updatedAt: 5, lastDecreaseAt: undefined });
  });

  it.each<[string, number, number]>([
    ['a full-rate bucket holds `burst` tokens', 10, 4],
    ['a half-rate bucket holds half as many', 5, 2],
    ['a bucket never holds less than one token', 0.5, 1],
  ])('%s', (_title, rate, expected) => {
    expect(bucketSize(config, rate)).toBe(expected);
  });

  it.each<[string, GovernorState, number, number]>([
    ['tokens accrue at the rate', state({ tokens: 0, updatedAt: 0 }), 200, 2],
    ['tokens stop at the bucket size', state({ tokens: 0, updatedAt: 0 }), 10_000, 4],
    ['debt is paid back before tokens accrue', state({ tokens: -3, updatedAt: 0 }), 100, -2],
    ['a clock that goes backwards adds nothing', state({ tokens: 1, updatedAt: 500 }), 100, 1],
  ])('refill: %s', (_title, before, now, tokens) => {
    expect(refill(before, config, now).tokens).toBeCloseTo(tokens);
  });

  it.each<[string, GovernorState, number, number, number]>([
    ['a token in the bucket means no wait', state({ tokens: 4 }), 0, 0, 3],
    ['the last token still means no wait', state({ tokens: 1 }), 0, 0, 0],
    ['an empty bucket waits one interval', state({ tokens: 0 }), 0, 100, -1],
    ['queued callers wait in turn', state({ tokens: -2 }), 0, 300, -3],
    ['a slow rate waits longer', state({ tokens: 0, rate: 0.5 }), 0, 2000, -1],
  ])('reserve: %s', (_title, before, now, waitMs, tokens) => {
    const result = reserve(before, config, now);
    expect(result.waitMs).toBe(waitMs);
    expect(result.state.tokens).toBeCloseTo(tokens);
  });

  it.each<[string, GovernorState, number, number, number | undefined]>([
    ['a throttle halves the rate', state({ rate: 10 }), 0, 5, 0],
    ['the rate never drops below the floor', state({ rate: 0.6 }), 0, 0.5, 0],
    ['a second throttle in the same window does not halve again', state({ rate: 5, lastDecreaseAt: 0 }), 500, 5, 0],
    ['a throttle after the window halves again', state({ rate: 5, lastDecreaseAt: 0 }), 1000, 2.5, 1000],
  ])('afterThrottle: %s', (_title, before, now, rate, lastDecreaseAt) => {
    const after = afterThrottle(before, config, now);
    expect(after.rate).toBe(rate);
    expect(after.lastDecreaseAt).toBe(lastDecreaseAt);
  });

  it('a throttle empties the bucket so the next call waits', () => {
    const after = afterThrottle(state({ tokens: 4 }), config, 0);
    expect(after.tokens).toBe(0);
    expect(reserve(after, config, 0).waitMs).toBeGreaterThan(0);
  });

  it.each<[string, number, number]>([
    ['a success raises the rate additively', 2, 3],
    ['a success never lifts the rate above the ceiling', 9.5, 10],
  ])('afterSuccess: %s', (_title, rate, expected) => {
    expect(afterSuccess(state({ rate }), config, 0).rate).toBe(expected);
  });

  it('sustained throttling drives the rate to the floor, and successes bring it back slowly', () => {
    let current = initialGovernorState(config, 0);
    for (let i = 0; i < 10; i += 1) current = afterThrottle(current, config, i * 1000);
    expect(current.rate).toBe(0.5);
    current = afterSuccess(current, config, 10_000);
    expect(current.rate).toBe(1.5);
  });

  it('defaults keep a floor below the ceiling', () => {
    expect(DEFAULT_GOVERNOR_CONFIG.floor).toBeLessThan(DEFAULT_GOVERNOR_CONFIG.ceiling);
  });
});

describe('createGovernor', () => {
  function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
    let time = 0;
    const slept: number[] = [];
    return {
      now: () => time,
      sleep: async (ms: number) => {
        slept.push(ms);
        time += ms;
      },
      slept,
    };
  }

  it('lets a burst through without waiting, then paces the rest', async () => {
    const clock = fakeClock();
    const governor = createGovernor({ config, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 6; i += 1) await governor.acquire();
    expect(clock.slept).toEqual([100, 100]);
    expect(governor.stats()).toMatchObject({ calls: 6, waits: 2, waitedMs: 200 });
  });

  it('slows every later call after a throttle, not only the throttled one', async () => {
    const clock = fakeClock();
    const governor = createGovernor({ config, now: clock.now, sleep: clock.sleep });
    governor.noteThrottle();
    await governor.acquire();
    await governor.acquire();
    expect(governor.stats()).toMatchObject({ throttles: 1, rate: 5 });
    expect(clock.slept).toEqual([200, 200]);
  });

  it('counts retries it is told about', () => {
    const governor = createGovernor({ config });
    governor.noteRetry();
    governor.noteRetry();
    expect(governor.stats().retries).toBe(2);
  });

  it('rejects with the abort reason while waiting, and gives the permit back', async () => {
    let time = 0;
    const governor = createGovernor({
      config: { ...config, burst: 1 },
      now: () => time,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true })),
    });
    await governor.acquire();
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal);
    const reason = new Error('user pressed Ctrl+C');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    time = 100;
    // The aborted caller's permit was returned: one interval later a token is there, no wait.
    await expect(governor.acquire()).resolves.toBeUndefined();
    expect(governor.stats().waits).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const governor = createGovernor({ config });
    const reason = new Error('gone');
    await expect(governor.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('refuses a floor above the ceiling', () => {
    expect(() => createGovernor({ config: { floor: 20, ceiling: 10 } })).toThrow(RangeError);
  });
});
