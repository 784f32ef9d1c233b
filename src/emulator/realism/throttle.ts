// Per-operation token buckets. Off unless configured; the numbers are the caller's, never AWS's
// (AWS's per-operation quotas are UNCONFIRMED).
import type { ThrottleOptions, TokenBucketSpec } from '../options.js';

interface Bucket {
  spec: TokenBucketSpec;
  tokens: number;
  at: number;
}

/** Decides whether a call of an operation is throttled. */
export class Throttle {
  private options: ThrottleOptions | null;
  private buckets = new Map<string, Bucket>();

  constructor(options: ThrottleOptions | null, private readonly now: () => number = Date.now) {
    this.options = options;
  }

  /** Replaces the buckets (configure()); they start full. */
  set(options: ThrottleOptions | null): void {
    this.options = options;
    this.buckets.clear();
  }

  /** Takes one token for `operation`; false means "answer with a throttling error". */
  take(operation: string): boolean {
    const spec = this.options?.[operation] ?? this.options?.default;
    if (!spec) return true;
    const t = this.now();
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      bucket = { spec, tokens: spec.burst, at: t };
      this.buckets.set(operation, bucket);
    }
    bucket.tokens = Math.min(spec.burst, bucket.tokens + ((t - bucket.at) / 1000) * spec.ratePerSec);
    bucket.at = t;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
