/**
 * When to poll next. SSM returns nothing until an invocation ends, so smsh polls; this keeps the
 * polls fast right after activity and spaces them out while nothing happens, with jitter so many
 * sessions do not poll in step, capped so the first byte after a silence is not late.
 */
export interface PollSchedule {
  readonly firstMs: number;
  readonly factor: number;
  readonly capMs: number;
  /** Spread of each delay, as a fraction (0.2 = ±20 %). */
  readonly jitter: number;
}

/** Defaults sized for the idle budget (≤ 30 calls a minute) and a first byte within 3 s. */
export const DEFAULT_POLL: PollSchedule = { firstMs: 200, factor: 1.6, capMs: 2400, jitter: 0.2 };

/** The delay before poll number `attempt` (0-based) of one invocation; `random` in [0, 1). Pure. */
export function pollDelay(schedule: PollSchedule, attempt: number, random: number): number {
  const base = Math.min(schedule.capMs, schedule.firstMs * schedule.factor ** attempt);
  return Math.max(0, Math.round(base * (1 - schedule.jitter + 2 * schedule.jitter * random)));
}

/**
 * The next estimate of one round trip (send → result visible), after a first poll that found the
 * invocation finished (hit) or not (miss). Aimed at a hit rate of about 53 % (3 % shorter after a
 * hit, 3.5 % longer after a miss: the rate where ln 1.035 · misses = −ln 0.97 · hits), so the
 * first poll of a short command lands close after its result is ready — the median line costs one
 * GetCommandInvocation, and its latency is the median round trip, not a higher percentile — and no
 * estimate only grows.
 * Pure.
 */
export function nextRoundTrip(previousMs: number, hit: boolean): number {
  return Math.min(5_000, Math.max(50, Math.round(previousMs * (hit ? 0.97 : 1.035))));
}
