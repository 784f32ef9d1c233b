// Who held the emulated agent's workers: per-client peaks from the pool's worker log, and the
// pool's own peaks as table figures. Pure (tested in test/bench/workers.test.ts).
import type { PoolStats, WorkerLogEntry } from '../src/emulator/index.js';
import type { Metric } from './report.js';

/** The group of documents whose Comment does not start with `smsh <label>:` (Patch Manager, other tools). */
export const FOREIGN = 'foreign';

/** The client a document belongs to: the `<label>` of its `smsh <label>: …` Comment, else FOREIGN. */
export function clientOf(comment: string): string {
  const m = /^smsh (\S+):(?: |$)/.exec(comment);
  return m ? m[1]! : FOREIGN;
}

/** One client's share of the pool over a window. */
export interface ClientWorkers {
  /** The most of its documents holding a worker at the same moment. */
  peakRunning: number;
  /** Its documents that held a worker at some moment of the window. */
  documents: number;
}

/** The part of the log to look at, in epoch ms; either end open when absent. */
export interface Window {
  since?: number;
  until?: number;
}

/**
 * Per client (Comment prefix), the most documents holding an agent worker at once within the
 * window. A document holds a worker from startedAt to endedAt (half-open, so one that frees a
 * worker as another takes it does not overlap it; still running when endedAt is absent); one
 * without startedAt never held one. A client whose documents only waited (buffered, cancelled)
 * during the window is listed with 0.
 */
export function peakWorkersByClient(log: readonly WorkerLogEntry[], window: Window = {}): Map<string, ClientWorkers> {
  const since = window.since ?? Number.NEGATIVE_INFINITY;
  const until = window.until ?? Number.POSITIVE_INFINITY;
  const events = new Map<string, { at: number; delta: number }[]>();
  const out = new Map<string, ClientWorkers>();
  for (const entry of log) {
    const presentUntil = entry.endedAt ?? Number.POSITIVE_INFINITY;
    if (entry.deliveredAt > until || presentUntil < since) continue;
    const client = clientOf(entry.comment);
    if (!out.has(client)) out.set(client, { peakRunning: 0, documents: 0 });
    if (entry.startedAt === undefined) continue;
    const start = Math.max(entry.startedAt, since);
    // A document that started and ended within one millisecond still held its worker for an instant.
    const end = Math.min(Math.max(presentUntil, entry.startedAt + 1e-3), until);
    if (!(start < end)) continue;
    out.get(client)!.documents++;
    const list = events.get(client) ?? [];
    list.push({ at: start, delta: 1 }, { at: end, delta: -1 });
    events.set(client, list);
  }
  for (const [client, list] of events) {
    // At equal times ends come first: the intervals are half-open.
    list.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    let peak = 0;
    for (const e of list) {
      running += e.delta;
      peak = Math.max(peak, running);
    }
    out.get(client)!.peakRunning = peak;
  }
  return out;
}

/** What a case expects of the pool during its measured part. */
export interface PoolTargets {
  /** The most workers busy at once; no target when absent. */
  maxBusy?: number;
  /** One session at a time: it must never queue behind itself (peakBuffered = peakWaiting = 0). */
  alone: boolean;
  /** What the busy figure covers, e.g. 'during the silence (the line itself holds none)'. */
  during?: string;
}

/** The pool's peaks as table rows, with targets where the case has them. */
export function poolFigures(caseName: string, stats: Pick<PoolStats, 'peakBusy' | 'peakBuffered' | 'peakWaiting'>, targets: PoolTargets): Metric[] {
  const during = targets.during ? ` ${targets.during}` : '';
  const busy: Metric = { case: caseName, name: `agent workers busy, peak${during}`, value: stats.peakBusy, unit: '' };
  if (targets.maxBusy !== undefined) Object.assign(busy, { target: `≤ ${targets.maxBusy}`, pass: stats.peakBusy <= targets.maxBusy });
  const queued = (name: string, value: number): Metric =>
    targets.alone ? { case: caseName, name, value, unit: '', target: '0', pass: value === 0, note: 'a session never queues behind itself' } : { case: caseName, name, value, unit: '' };
  return [busy, queued('agent buffer, peak documents waiting for a worker', stats.peakBuffered), queued('agent message loop, peak documents held back (Pending)', stats.peakWaiting)];
}

/** The highest of each peak over several reads (a case that resets the counts between runs). */
export function maxPeaks(reads: readonly Pick<PoolStats, 'peakBusy' | 'peakBuffered' | 'peakWaiting'>[]): Pick<PoolStats, 'peakBusy' | 'peakBuffered' | 'peakWaiting'> {
  return {
    peakBusy: Math.max(0, ...reads.map((r) => r.peakBusy)),
    peakBuffered: Math.max(0, ...reads.map((r) => r.peakBuffered)),
    peakWaiting: Math.max(0, ...reads.map((r) => r.peakWaiting)),
  };
}
