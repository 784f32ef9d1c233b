// What every case gets, and what it gives back.
import { REALISTIC_LATENCY } from '../src/emulator/options.js';
import type { Metric } from './report.js';

/** Shared settings of one bench run. */
export interface BenchContext {
  quick: boolean;
  /** A scratch directory for generated payloads, removed at the end. */
  workDir: string;
  /** Progress lines go to stderr so stdout holds only the table. */
  log(message: string): void;
}

/** What one case reports: figures for the table and raw details for the JSON. */
export interface CaseResult {
  metrics: Metric[];
  details: Record<string, unknown>;
}

/** One benchmark case. */
export interface BenchCase {
  name: string;
  run(ctx: BenchContext): Promise<CaseResult>;
}

/** The floor: the emulator's own delivery + report delay in its realistic profile (mean; jitter is ±). */
export const FLOOR_MS = REALISTIC_LATENCY.deliveryMs + REALISTIC_LATENCY.reportMs;
const FLOOR_SPREAD_MS = REALISTIC_LATENCY.deliveryJitterMs + REALISTIC_LATENCY.reportJitterMs;

/** The floor as the table prints it. */
export const FLOOR_TEXT = `${FLOOR_MS} ms (±${FLOOR_SPREAD_MS})`;

/** The emulator options every case starts from. */
export const REALISTIC = { latency: 'realistic' } as const;
