// 5. Start-up: `smsh --version`; process start → first SendCommand and total API calls of
// `smsh <id> -c true` (one-shot on an instance id).
import { FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost, type PoolStats } from '../emulator-host.js';
import { runSmsh } from '../child.js';
import { summarize, totalCalls } from '../stats.js';
import { maxPeaks, poolFigures } from '../workers.js';

export const startup: BenchCase = {
  name: 'startup',
  async run(ctx) {
    const versionRuns = 10;
    const oneShotRuns = ctx.quick ? 5 : 10;
    // --version: one unmeasured run first, so the bundle is in the page cache like on a used machine.
    await runSmsh(['--version'], {});
    const versionMs: number[] = [];
    for (let i = 0; i < versionRuns; i++) {
      const r = await runSmsh(['--version'], {});
      if (r.code !== 0 || !r.stdoutHead.toString().startsWith('smsh ')) throw new Error(`smsh --version failed: ${r.stderr}`);
      versionMs.push(r.wallMs);
    }
    const host = await startEmulatorHost(REALISTIC);
    try {
      const firstSendMs: number[] = [];
      const calls: number[] = [];
      const wallMs: number[] = [];
      const byOp: Record<string, number>[] = [];
      const pools: PoolStats[] = []; // resetCalls() restarts the peaks, so each run is read and the highest kept
      for (let i = 0; i < oneShotRuns; i++) {
        await host.resetCalls();
        await host.watch();
        const r = await runSmsh([host.instanceId, '-c', 'true'], host.env());
        const seen = await host.firstSeen();
        const counted = await host.calls();
        pools.push(await host.pool());
        if (r.code !== 0) throw new Error(`smsh -c true exited ${r.code}: ${r.stderr}`);
        const send = seen.SendCommand;
        if (send === undefined) throw new Error('the emulator never saw SendCommand');
        firstSendMs.push(send - r.spawnedAt);
        calls.push(totalCalls(counted));
        byOp.push(counted);
        wallMs.push(r.wallMs);
      }
      const version = summarize(versionMs);
      const first = summarize(firstSendMs);
      const total = summarize(calls);
      const wall = summarize(wallMs);
      const pool = maxPeaks(pools);
      ctx.log(`startup: --version ${version.p50.toFixed(0)} ms, first SendCommand ${first.p50.toFixed(0)} ms, calls ${total.p50}`);
      return {
        metrics: [
          { case: 'startup', name: `--version wall time (median of ${versionRuns})`, value: version.p50, unit: 'ms', target: '≤ 150 ms', pass: version.p50 <= 150 },
          { case: 'startup', name: `process start → first SendCommand (median of ${oneShotRuns})`, value: first.p50, unit: 'ms', target: '≤ 300 ms', pass: first.p50 <= 300 },
          { case: 'startup', name: 'process start → first SendCommand (max)', value: first.max, unit: 'ms' },
          { case: 'startup', name: '`-c true` API calls (median)', value: total.p50, unit: '', target: '≤ 3', pass: total.p50 <= 3 },
          { case: 'startup', name: '`-c true` API calls (max)', value: total.max, unit: '' },
          { case: 'startup', name: '`-c true` wall time (median)', value: wall.p50, unit: 'ms', floor: FLOOR_TEXT },
          ...poolFigures('startup', pool, { alone: true, during: '(`-c true`, highest of the runs)' }),
        ],
        details: {
          method:
            'Wall times are from just before spawn(node bin/smsh.js …) to the child\'s exit event. The first SendCommand is when the emulator (a separate process) first saw its SendCommand count grow, checking every 1 ms, compared with the wall clock taken before spawn (same machine); it includes node\'s own start-up and the request\'s trip to the emulator.',
          versionMs: version,
          firstSendCommandMs: first,
          callsTotal: total,
          callsByOperationPerRun: byOp,
          wallMs: wall,
          pool,
        },
      };
    } finally {
      await host.stop();
    }
  },
};
