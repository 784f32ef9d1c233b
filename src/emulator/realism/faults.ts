// Fault injection: 500s, dropped connections and random throttling at configured rates, from a seedable source.
import type { FaultOptions } from '../options.js';
import { seededRandom } from './prng.js';

/** What to do to a request instead of serving it. */
export type FaultDecision = 'none' | 'internal-error' | 'drop-connection' | 'throttle';

/** Counts of faults injected so far. */
export interface FaultCounts {
  throttled: number;
  internalErrors: number;
  droppedConnections: number;
}

/** Decides faults and keeps their counts (throttles are counted here too). */
export class Faults {
  private options: FaultOptions | null;
  private random: () => number;
  readonly counts: FaultCounts = { throttled: 0, internalErrors: 0, droppedConnections: 0 };

  constructor(options: FaultOptions | null) {
    this.options = options;
    this.random = seededRandom(options?.seed);
  }

  /** Replaces the rates and reseeds (configure()). */
  set(options: FaultOptions | null): void {
    this.options = options;
    this.random = seededRandom(options?.seed);
  }

  /** Draws the fate of one call of `operation`. */
  decide(operation: string): FaultDecision {
    const o = this.options;
    if (!o || (o.operations && !o.operations.includes(operation))) return 'none';
    const drop = o.dropConnectionRate ?? 0;
    const internal = o.internalErrorRate ?? 0;
    const throttle = o.throttleRate ?? 0;
    if (drop <= 0 && internal <= 0 && throttle <= 0) return 'none';
    const r = this.random();
    if (r < drop) {
      this.counts.droppedConnections++;
      return 'drop-connection';
    }
    if (r < drop + internal) {
      this.counts.internalErrors++;
      return 'internal-error';
    }
    if (r < drop + internal + throttle) {
      this.counts.throttled++;
      return 'throttle';
    }
    return 'none';
  }
}
