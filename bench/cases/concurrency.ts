// 7. Concurrency: 20 sessions at once (each with its own clients and governor, like 20 smsh
// processes) against an endpoint throttled to 10 requests/s; each cats its own random payload.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { openSession, runCollect, type BenchSession } from '../engine.js';
import { writeRandom } from '../payloads.js';
import { summarize, totalCalls } from '../stats.js';
import { poolFigures } from '../workers.js';

const SESSIONS = 20;

interface Outcome {
  index: number;
  completed: boolean;
  seconds: number;
  expected: number;
  received: number;
  identical: boolean;
  calls: number;
  retries: number;
  throttles: number;
  error?: string;
}

export const concurrency: BenchCase = {
  name: 'concurrency',
  async run(ctx) {
    const bytes = ctx.quick ? 64 * 1024 : 512 * 1024;
    // A safety bound, not a target: under the agent pool (5 workers, 10 s naps when full) 20 sessions take ~100 s quick and ~560 s full.
    const limitMs = ctx.quick ? 480_000 : 1_500_000;
    const files = Array.from({ length: SESSIONS }, (_, i) => {
      const file = path.join(ctx.workDir, `concurrency-${i}.bin`);
      writeRandom(file, bytes);
      return file;
    });
    const host = await startEmulatorHost({ ...REALISTIC, throttle: { default: { ratePerSec: 10, burst: 10 } } });
    const t0 = performance.now();
    const opened: BenchSession[] = [];
    try {
      const one = async (index: number): Promise<Outcome> => {
        const file = files[index]!;
        const expectedBuf = readFileSync(file);
        const started = performance.now();
        let bench: BenchSession | undefined;
        try {
          bench = await openSession(host, { start: false });
          opened.push(bench);
          await bench.session.start();
          const r = await runCollect(bench.session, `cat '${file}'`);
          const identical = r.exitCode === 0 && createHash('sha256').update(r.stdout).digest('hex') === createHash('sha256').update(expectedBuf).digest('hex');
          const g = bench.governor.stats();
          return { index, completed: true, seconds: (performance.now() - started) / 1000, expected: bytes, received: r.stdout.length, identical, calls: totalCalls(bench.port.calls), retries: g.retries, throttles: g.throttles };
        } catch (error) {
          const g = bench?.governor.stats();
          return { index, completed: false, seconds: (performance.now() - started) / 1000, expected: bytes, received: 0, identical: false, calls: bench ? totalCalls(bench.port.calls) : 0, retries: g?.retries ?? 0, throttles: g?.throttles ?? 0, error: (error as Error).message };
        }
      };
      const all = Promise.all(Array.from({ length: SESSIONS }, (_, i) => one(i)));
      const outcomes = await Promise.race([all, delay(limitMs, undefined, { ref: false }).then(() => undefined)]);
      if (!outcomes) throw new Error(`the ${SESSIONS} sessions did not finish within ${limitMs / 1000} s`);
      const wallS = (performance.now() - t0) / 1000;
      const emuCalls = await host.calls();
      const pool = await host.pool();
      const completed = outcomes.filter((o) => o.completed).length;
      const identical = outcomes.filter((o) => o.identical).length;
      // Lost or duplicated: among sessions that reported success. A session that failed said so
      // (an error, no exit code) and is counted by the completion figure instead.
      const done = outcomes.filter((o) => o.completed);
      const lost = done.reduce((a, o) => a + Math.max(0, o.expected - o.received), 0);
      const duplicated = done.reduce((a, o) => a + Math.max(0, o.received - o.expected), 0);
      const mismatched = done.filter((o) => !o.identical).length;
      const compared = outcomes.reduce((a, o) => a + o.received, 0);
      const retries = outcomes.reduce((a, o) => a + o.retries, 0);
      const throttles = outcomes.reduce((a, o) => a + o.throttles, 0);
      const clientCalls = outcomes.reduce((a, o) => a + o.calls, 0);
      const perSession = summarize(outcomes.map((o) => o.seconds));
      ctx.log(`concurrency: ${completed}/${SESSIONS} completed, ${identical} identical, ${retries} retries, ${totalCalls(emuCalls)} calls in ${wallS.toFixed(1)} s`);
      return {
        metrics: [
          { case: 'concurrency', name: `sessions completed (of ${SESSIONS}, 10 req/s)`, value: completed, unit: '', target: `${SESSIONS}`, pass: completed === SESSIONS },
          { case: 'concurrency', name: `sessions byte-identical (${bytes / 1024} KiB each)`, value: identical, unit: '', target: `${SESSIONS}`, pass: identical === SESSIONS },
          { case: 'concurrency', name: 'bytes lost + duplicated (completed sessions)', value: lost + duplicated, unit: 'B', target: '0', pass: lost + duplicated === 0 && mismatched === 0 },
          { case: 'concurrency', name: 'bytes compared', value: compared, unit: 'B' },
          { case: 'concurrency', name: 'API calls (emulator count, incl. throttled)', value: totalCalls(emuCalls), unit: '' },
          { case: 'concurrency', name: 'throttled responses (governors)', value: throttles, unit: '' },
          { case: 'concurrency', name: 'retries (governors)', value: retries, unit: '' },
          { case: 'concurrency', name: 'wall time (all sessions)', value: wallS, unit: 's' },
          { case: 'concurrency', name: 'per-session time p95', value: perSession.p95, unit: 's' },
          ...poolFigures('concurrency', pool, { alone: false, during: `(${SESSIONS} sessions on one instance)` }),
        ],
        details: { sessions: SESSIONS, bytesEach: bytes, throttle: '10 req/s, burst 10', wallS, failures: outcomes.filter((o) => !o.completed).map((o) => ({ index: o.index, error: o.error, retries: o.retries, throttles: o.throttles, calls: o.calls })), emulatorCalls: emuCalls, clientCalls, retries, throttles, lost, duplicated, perSessionSeconds: perSession, pool, outcomes },
      };
    } finally {
      await Promise.all(opened.map((b) => Promise.race([b.close(), delay(15_000, undefined, { ref: false })])));
      await host.stop();
    }
  },
};
