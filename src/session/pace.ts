/**
 * When to look at an invocation again. SSM shows nothing until an invocation ends, so smsh polls
 * GetCommandInvocation, and each poll is an API call. Most lines end, or print, within seconds of
 * Enter: there polls are frequent, so the end of `sleep 3` or the first line of a build is seen
 * within a fraction of a second. The longer a line stays silent, the less likely the next moment
 * matters, so the interval grows with the silence up to a cap: an idle `tail -f` costs under 20
 * calls a minute once it has been quiet for a while.
 */
export interface Pace {
  /** Interval of the polls right after a first poll missed a result expected soon, in ms. */
  readonly quickMs: number;
  /** How many such quick polls. */
  readonly quickPolls: number;
  /** Interval while the line was active recently, in ms. */
  readonly floorMs: number;
  /** How long after the last activity the floor interval holds, in ms. */
  readonly briskMs: number;
  /** Growth of the interval per ms of silence beyond briskMs. */
  readonly slope: number;
  /** Longest interval, in ms. */
  readonly capMs: number;
  /** Spread of each interval, as a fraction (0.2 = ±20 %). */
  readonly jitter: number;
}

/**
 * Sized so the end of a line that ran 3 s is seen ~100 ms late on average (the brisk 4.2 s cover
 * the delivery and report too: silence counts from sending), and a silent line costs ~28.5 calls
 * over its first two minutes and ~18.5 a minute after its first ten seconds.
 */
export const DEFAULT_PACE: Pace = Object.freeze({ quickMs: 100, quickPolls: 2, floorMs: 200, briskMs: 4_200, slope: 1.5, capMs: 3_300, jitter: 0.2 });

/** What a poll's timing depends on. */
export interface PollMoment {
  /** 0 for the first poll after sending. */
  attempt: number;
  /** The result is expected about one round trip after sending (a short line, a no-wait script, a reader that follows output). */
  expectSoon: boolean;
  /** The current round-trip estimate, in ms. */
  rttMs: number;
  /** How long the line has been silent (no output, since it started or last printed), in ms. */
  silentMs: number;
}

/** The interval a silence of `silentMs` calls for, before jitter. Pure. */
export function silenceInterval(pace: Pace, silentMs: number): number {
  if (silentMs < pace.briskMs) return pace.floorMs;
  return Math.min(pace.capMs, pace.floorMs + pace.slope * (silentMs - pace.briskMs));
}

/** The delay before a poll, in ms; `random` in [0, 1). Pure. */
export function pollDelay(pace: Pace, moment: PollMoment, random: number): number {
  const spread = (ms: number) => Math.max(0, Math.round(ms * (1 - pace.jitter + 2 * pace.jitter * random)));
  if (moment.attempt === 0) return moment.expectSoon ? moment.rttMs : Math.max(moment.rttMs, spread(silenceInterval(pace, moment.silentMs)));
  if (moment.expectSoon && moment.attempt <= pace.quickPolls) return pace.quickMs;
  return spread(silenceInterval(pace, moment.silentMs));
}

/**
 * The next estimate of one round trip (send → result visible), after a first poll that found the
 * invocation finished (hit) or not (miss). Aimed at a hit rate of about 53 % (3 % shorter after a
 * hit, 3.5 % longer after a miss: the rate where ln 1.035 · misses = −ln 0.97 · hits), so the
 * first poll of a short command lands close after its result is ready — the median line costs one
 * GetCommandInvocation, and its latency is the median round trip, not a higher percentile — and no
 * estimate only grows. Pure.
 */
export function nextRoundTrip(previousMs: number, hit: boolean): number {
  return Math.min(5_000, Math.max(50, Math.round(previousMs * (hit ? 0.97 : 1.035))));
}
