// 9. End latency: how late a one-shot sees its line end. `smsh <id> -c 'sleep 3'` and
// `-c 'echo a; sleep 3; echo b'` as separate processes; whole-process wall time minus the 3 s the
// line sleeps, against the floor of a process: its own start to its first SendCommand, plus one
// delivery and one report (issue 10: the end of a line is seen within one round trip + 300 ms).
import { FLOOR_MS, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost, type EmulatorHost, type PoolStats } from '../emulator-host.js';
import { runSmsh } from '../child.js';
import type { Metric } from '../report.js';
import { summarize, totalCalls } from '../stats.js';
import { maxPeaks, poolFigures } from '../workers.js';

const SLEEP_MS = 3000;
/** How much later than the floor the median process may end. */
const SLACK_MS = 300;

const COMMANDS = [
  { line: 'sleep 3', stdout: '' },
  { line: 'echo a; sleep 3; echo b', stdout: 'a\nb\n' },
];

interface Sample {
  overMs: number;
  firstSendMs: number;
  calls: number;
  ok: boolean;
  pool: PoolStats;
  problem?: string;
}

/** Runs `smsh <id> -c line` once: wall time minus the sleep, the first SendCommand, the output check. */
async function once(host: EmulatorHost, line: string, expected: string): Promise<Sample> {
  await host.resetCalls();
  await host.watch();
  const r = await runSmsh([host.instanceId, '-c', line], host.env());
  const send = (await host.firstSeen()).SendCommand;
  const calls = totalCalls(await host.calls());
  const pool = await host.pool();
  if (send === undefined) throw new Error(`smsh -c '${line}' never sent a command: exit ${r.code}, ${r.stderr}`);
  const stdout = r.stdoutHead.toString('utf8');
  const ok = r.code === 0 && stdout === expected && r.stdoutBytes === Buffer.byteLength(expected);
  return { overMs: r.wallMs - SLEEP_MS, firstSendMs: send - r.spawnedAt, calls, ok, pool, ...(ok ? {} : { problem: `exit ${r.code}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}` }) };
}

export const endLatency: BenchCase = {
  name: 'end-latency',
  async run(ctx) {
    const runs = ctx.quick ? 3 : 6;
    const host = await startEmulatorHost(REALISTIC);
    try {
      // Interleaved, so both commands see the same machine load.
      const samples: Sample[][] = COMMANDS.map(() => []);
      for (let i = 0; i < runs; i++) {
        for (const [c, command] of COMMANDS.entries()) samples[c]!.push(await once(host, command.line, command.stdout));
      }
      const metrics: Metric[] = [];
      const details: Record<string, unknown> = {
        method: `Wall time from just before spawn(node bin/smsh.js <id> -c line) to the child's exit event, minus ${SLEEP_MS} ms. Floor: that run's process start → first SendCommand (the emulator's 1 ms watch) + ${FLOOR_MS} ms (delivery + report).`,
      };
      for (const [c, command] of COMMANDS.entries()) {
        const list = samples[c]!;
        const over = summarize(list.map((s) => s.overMs));
        const first = summarize(list.map((s) => s.firstSendMs));
        const floor = first.p50 + FLOOR_MS;
        const good = list.filter((s) => s.ok).length;
        const name = `-c '${command.line}'`;
        ctx.log(`end-latency: ${name}: wall − 3 s median ${over.p50.toFixed(0)} ms, max ${over.max.toFixed(0)} ms (floor ${floor.toFixed(0)} ms)`);
        metrics.push(
          { case: 'end-latency', name: `${name}: wall − 3 s (median of ${runs})`, value: over.p50, unit: 'ms', floor: `${Math.round(floor)} ms`, target: `≤ floor + ${SLACK_MS} ms`, pass: over.p50 <= floor + SLACK_MS, note: 'floor = process start → first SendCommand (median) + 700 ms' },
          { case: 'end-latency', name: `${name}: wall − 3 s (max)`, value: over.max, unit: 'ms' },
          { case: 'end-latency', name: `${name}: process start → first SendCommand (median)`, value: first.p50, unit: 'ms' },
          { case: 'end-latency', name: `${name}: runs with exact stdout and exit 0`, value: good, unit: '', target: `${runs}`, pass: good === runs },
        );
        details[command.line] = {
          wallMinusSleepMs: over,
          firstSendCommandMs: first,
          floorMs: floor,
          calls: summarize(list.map((s) => s.calls)),
          samples: list.map((s) => ({ overMs: Math.round(s.overMs), firstSendMs: Math.round(s.firstSendMs), calls: s.calls, ok: s.ok, ...(s.problem ? { problem: s.problem } : {}) })),
        };
      }
      const pool = maxPeaks(samples.flat().map((s) => s.pool));
      metrics.push(...poolFigures('end-latency', pool, { alone: true, during: '(highest of the runs)' }));
      details.pool = pool;
      return { metrics, details };
    } finally {
      await host.stop();
    }
  },
};
