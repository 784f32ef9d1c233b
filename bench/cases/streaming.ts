// 2. Streaming delay: a remote loop writes its own timestamp every 100 ms; each line's delay is its
// local arrival time minus that timestamp (the emulator runs it on this machine: one clock).
import { FLOOR_MS, FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { openSession, wallNow } from '../engine.js';
import { callDelta, splitLines, summarize, totalCalls } from '../stats.js';

export const streaming: BenchCase = {
  name: 'streaming',
  async run(ctx) {
    const seconds = ctx.quick ? 10 : 30;
    const lines = seconds * 10;
    const host = await startEmulatorHost(REALISTIC);
    try {
      const bench = await openSession(host);
      try {
        const delays: number[] = [];
        let tail = '';
        let bad = 0;
        const before = { ...bench.port.calls };
        const t0 = performance.now();
        const result = await bench.session.run(`for i in $(seq 1 ${lines}); do date +%s%N; sleep 0.1; done`, {
          onEvent: (e) => {
            if (e.type !== 'output' || e.stream !== 'stdout') return;
            const arrived = wallNow();
            const split = splitLines(tail, e.data.toString('utf8'));
            tail = split.tail;
            for (const line of split.lines) {
              const ns = Number(line.trim());
              if (!Number.isFinite(ns) || ns <= 0) bad++;
              else delays.push(arrived - ns / 1e6);
            }
          },
        });
        const elapsedS = (performance.now() - t0) / 1000;
        const calls = callDelta(before, bench.port.calls);
        const s = summarize(delays);
        const callsPerMin = (totalCalls(calls) / elapsedS) * 60;
        const target = FLOOR_MS + 500;
        ctx.log(`streaming: ${delays.length} lines, p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`);
        return {
          metrics: [
            { case: 'streaming', name: 'delay p50', value: s.p50, unit: 'ms', floor: FLOOR_TEXT },
            { case: 'streaming', name: 'delay p95', value: s.p95, unit: 'ms', floor: FLOOR_TEXT, target: `≤ ${target} ms`, pass: s.p95 <= target },
            { case: 'streaming', name: 'delay max', value: s.max, unit: 'ms', floor: FLOOR_TEXT },
            { case: 'streaming', name: `lines received (of ${lines})`, value: delays.length, unit: '', target: `${lines}, exit 0`, pass: delays.length === lines && bad === 0 && result.exitCode === 0 },
            { case: 'streaming', name: 'API calls / minute while streaming', value: callsPerMin, unit: '' },
          ],
          details: { seconds, lines, received: delays.length, unparsable: bad, exitCode: result.exitCode, elapsedS, delayMs: s, calls, samplesMs: delays.map((d) => Math.round(d)) },
        };
      } finally {
        await bench.close();
      }
    } finally {
      await host.stop();
    }
  },
};
