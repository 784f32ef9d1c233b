// Pure statistics helpers of the bench (tested in test/bench/stats.test.ts).

/** The p-th percentile (0..100) by linear interpolation between closest ranks; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo]!;
  const high = sorted[hi]!;
  return low + (high - low) * (rank - lo);
}

/** The median (p50). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Min, median, p95 and max of a sample set. */
export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Summarizes samples; every field is NaN (n = 0) for no samples. */
export function summarize(samples: readonly number[]): Summary {
  const n = samples.length;
  if (n === 0) return { n, min: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, mean: Number.NaN };
  return {
    n,
    min: Math.min(...samples),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / n,
  };
}

/** The difference of two per-operation call counts (after − before), dropping zeros. */
export function callDelta(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) {
    const d = n - (before[op] ?? 0);
    if (d !== 0) out[op] = d;
  }
  return out;
}

/** The sum of a per-operation count. */
export function totalCalls(calls: Readonly<Record<string, number>>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** Per operation, the median over runs of that operation's count (0 where a run made none). */
export function medianByOperation(runs: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const ops = new Set(runs.flatMap((r) => Object.keys(r)));
  const out: Record<string, number> = {};
  for (const op of [...ops].sort()) out[op] = median(runs.map((r) => r[op] ?? 0));
  return out;
}

/**
 * Splits streamed text into complete lines, keeping the unfinished tail for the next chunk.
 * Pure: returns the lines and the new tail.
 */
export function splitLines(tail: string, chunk: string): { lines: string[]; tail: string } {
  const text = tail + chunk;
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts, tail: rest };
}
