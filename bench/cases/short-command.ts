// 1. Short command: `pwd` in an open session — calls per command and latency from Enter to exit code.
import { GetCommandInvocationCommand } from '@aws-sdk/client-ssm';
import { FLOOR_MS, FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { openSession, runCollect } from '../engine.js';
import { callDelta, medianByOperation, summarize, totalCalls } from '../stats.js';
import { poolFigures } from '../workers.js';

const WARMUP = 3;

export const shortCommand: BenchCase = {
  name: 'short-command',
  async run(ctx) {
    const runs = ctx.quick ? 30 : 60;
    const host = await startEmulatorHost(REALISTIC);
    try {
      const bench = await openSession(host);
      try {
        // A few lines first, so the round-trip estimate has seen this endpoint (as after a prompt).
        for (let i = 0; i < WARMUP; i++) await runCollect(bench.session, 'pwd');
        const latencies: number[] = [];
        const perRun: Record<string, number>[] = [];
        const emuPerRun: number[] = [];
        let failures = 0;
        const commandIds: string[] = [];
        await host.resetCalls(); // the pool's peaks cover the timed runs only
        for (let i = 0; i < runs; i++) {
          const before = { ...bench.port.calls };
          const emuBefore = await host.calls();
          const t0 = performance.now();
          const r = await runCollect(bench.session, 'pwd');
          latencies.push(performance.now() - t0);
          perRun.push(callDelta(before, bench.port.calls));
          emuPerRun.push(totalCalls(callDelta(emuBefore, await host.calls())));
          if (r.exitCode !== 0 || r.stdout.length === 0) failures++;
          commandIds.push(r.commandId);
        }
        const pool = await host.pool();
        // How long the run script itself ran on the instance (the emulator's ExecutionElapsedTime),
        // asked after the timed runs so it costs none of them.
        const onInstanceMs: number[] = [];
        for (const id of commandIds.slice(-10)) {
          const inv = await bench.clients.ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: host.instanceId }));
          const m = /^PT([\d.]+)S$/.exec(inv.ExecutionElapsedTime ?? '');
          if (m) onInstanceMs.push(Number(m[1]) * 1000);
        }
        const onInstance = summarize(onInstanceMs);
        const lat = summarize(latencies);
        const calls = summarize(perRun.map(totalCalls));
        const byOp = medianByOperation(perRun);
        ctx.log(`short-command: ${runs} runs, median ${lat.p50.toFixed(0)} ms, calls median ${calls.p50}`);
        const opsText = Object.entries(byOp)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ');
        return {
          metrics: [
            { case: 'short-command', name: 'API calls / command (median)', value: calls.p50, unit: '', target: '≤ 3', pass: calls.p50 <= 3, note: opsText },
            { case: 'short-command', name: 'API calls / command (p95)', value: calls.p95, unit: '' },
            ...Object.entries(byOp).map(([op, n]) => ({ case: 'short-command', name: `  ${op} / command (median)`, value: n, unit: '' })),
            { case: 'short-command', name: 'latency p50', value: lat.p50, unit: 'ms', floor: FLOOR_TEXT, target: `≤ ${FLOOR_MS + 150} ms`, pass: lat.p50 <= FLOOR_MS + 150 },
            { case: 'short-command', name: 'latency p95', value: lat.p95, unit: 'ms', floor: FLOOR_TEXT },
            { case: 'short-command', name: 'run script time on the instance (p50)', value: onInstance.p50, unit: 'ms', note: 'ExecutionElapsedTime of the last 10 runs' },
            { case: 'short-command', name: 'failed runs', value: failures, unit: '', target: '0', pass: failures === 0 },
            ...poolFigures('short-command', pool, { alone: true }),
          ],
          details: { runs, warmup: WARMUP, latencyMs: lat, callsPerCommand: calls, medianByOperation: byOp, emulatorCallsPerCommand: summarize(emuPerRun), onInstanceMs: onInstance, pool, samplesMs: latencies.map((x) => Math.round(x)) },
        };
      } finally {
        await bench.close();
      }
    } finally {
      await host.stop();
    }
  },
};
