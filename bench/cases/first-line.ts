// 10. First line: in an open session, the time from Enter (session.run called) to the first stdout
// byte of a line that prints every 100 ms; then the line is interrupted (as Ctrl+C does) and must
// end. Issue 10: the first output of a streaming line arrives within 1.2 s of Enter.
import { setTimeout as delay } from 'node:timers/promises';
import { FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { openSession, type BenchSession } from '../engine.js';
import { summarize } from '../stats.js';
import { poolFigures } from '../workers.js';

const LINE = 'while :; do date +%s%N; sleep 0.1; done';
const TARGET_MS = 1200;
const FIRST_BYTE_TIMEOUT_MS = 15_000;
const END_TIMEOUT_MS = 30_000;

interface Sample {
  firstByteMs: number;
  /** From the abort to the run's result. */
  endMs: number;
  cancelled: boolean;
}

/** One run: Enter → first stdout byte, then the interrupt and the wait for the line's end. */
async function once(bench: BenchSession): Promise<Sample> {
  const interrupt = new AbortController();
  const mark: { firstAt?: number } = {};
  let sawByte: () => void = () => {};
  const firstByte = new Promise<void>((resolve) => (sawByte = resolve));
  const t0 = performance.now();
  const running = bench.session.run(LINE, {
    signal: interrupt.signal,
    onEvent: (e) => {
      if (e.type !== 'output' || e.stream !== 'stdout' || e.data.length === 0 || mark.firstAt !== undefined) return;
      mark.firstAt = performance.now();
      sawByte();
    },
  });
  const ended = running.then(
    (r) => r,
    (error: unknown) => error as Error,
  );
  await Promise.race([firstByte, ended, delay(FIRST_BYTE_TIMEOUT_MS, undefined, { ref: false })]);
  const abortedAt = performance.now();
  interrupt.abort();
  const result = await Promise.race([ended, delay(END_TIMEOUT_MS, undefined, { ref: false }).then(() => undefined)]);
  if (result instanceof Error) throw result;
  if (result === undefined) throw new Error(`the line did not end within ${END_TIMEOUT_MS / 1000} s of the interrupt`);
  return { firstByteMs: mark.firstAt === undefined ? Number.NaN : mark.firstAt - t0, endMs: performance.now() - abortedAt, cancelled: result.cancelled };
}

export const firstLine: BenchCase = {
  name: 'first-line',
  async run(ctx) {
    const runs = ctx.quick ? 5 : 10;
    const host = await startEmulatorHost(REALISTIC);
    try {
      const bench = await openSession(host);
      try {
        await host.resetCalls(); // the pool's peaks cover the runs
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await once(bench));
        const pool = await host.pool();
        const first = summarize(samples.map((s) => s.firstByteMs).filter(Number.isFinite));
        const missing = samples.filter((s) => !Number.isFinite(s.firstByteMs)).length;
        const ended = samples.filter((s) => s.cancelled).length;
        const end = summarize(samples.map((s) => s.endMs));
        ctx.log(`first-line: Enter → first byte median ${first.p50.toFixed(0)} ms, max ${first.max.toFixed(0)} ms; interrupt → end median ${end.p50.toFixed(0)} ms`);
        return {
          metrics: [
            { case: 'first-line', name: `Enter → first stdout byte (median of ${runs})`, value: missing > 0 ? Number.NaN : first.p50, unit: 'ms', floor: FLOOR_TEXT, target: `≤ ${TARGET_MS} ms`, pass: missing === 0 && first.p50 <= TARGET_MS },
            { case: 'first-line', name: 'Enter → first stdout byte (max)', value: first.max, unit: 'ms', floor: FLOOR_TEXT },
            { case: 'first-line', name: `lines ended by the interrupt (of ${runs})`, value: ended, unit: '', target: `${runs}`, pass: ended === runs },
            { case: 'first-line', name: 'interrupt → line ended (median)', value: end.p50, unit: 'ms' },
            ...poolFigures('first-line', pool, { alone: true, during: '(runs and interrupts)' }),
          ],
          details: {
            line: LINE,
            method: 'performance.now() just before session.run(line) until the first onEvent output on stdout; then the run\'s signal is aborted and the result awaited.',
            firstByteMs: first,
            noFirstByteWithin: missing > 0 ? `${missing} runs saw no byte within ${FIRST_BYTE_TIMEOUT_MS / 1000} s` : undefined,
            interruptToEndMs: end,
            pool,
            samples: samples.map((s) => ({ firstByteMs: Math.round(s.firstByteMs), endMs: Math.round(s.endMs), cancelled: s.cancelled })),
          },
        };
      } finally {
        await bench.close();
      }
    } finally {
      await host.stop();
    }
  },
};
