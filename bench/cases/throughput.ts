// 3. Throughput: `cat` of log-like text and of random bytes in an open session; MB/s, API calls,
// and a sha256 of what arrived against the file.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { openSession } from '../engine.js';
import { MB, writeLogText, writeRandom } from '../payloads.js';
import type { Metric } from '../report.js';
import { callDelta, totalCalls } from '../stats.js';
import { poolFigures } from '../workers.js';

export const throughput: BenchCase = {
  name: 'throughput',
  async run(ctx) {
    const payloads = [
      { kind: 'log text', bytes: (ctx.quick ? 10 : 50) * MB, write: writeLogText, target: 1 },
      { kind: 'random bytes', bytes: (ctx.quick ? 2 : 10) * MB, write: writeRandom, target: undefined },
    ];
    const host = await startEmulatorHost(REALISTIC);
    const metrics: Metric[] = [];
    const details: Record<string, unknown> = {};
    try {
      const bench = await openSession(host);
      try {
        const files = payloads.map((p) => {
          const file = path.join(ctx.workDir, `throughput-${p.kind.replace(' ', '-')}`);
          return { file, expected: p.write(file, p.bytes) };
        });
        await host.resetCalls(); // the pool's peaks cover both cats
        for (const [i, p] of payloads.entries()) {
          const { file, expected } = files[i]!;
          const hash = createHash('sha256');
          let received = 0;
          const before = { ...bench.port.calls };
          const t0 = performance.now();
          const r = await bench.session.run(`cat '${file}'`, {
            onEvent: (e) => {
              if (e.type === 'output' && e.stream === 'stdout') {
                hash.update(e.data);
                received += e.data.length;
              }
            },
          });
          const seconds = (performance.now() - t0) / 1000;
          const calls = callDelta(before, bench.port.calls);
          const ok = r.exitCode === 0 && received === p.bytes && hash.digest('hex') === expected;
          const mbps = received / MB / seconds;
          const label = `${p.kind} ${p.bytes / MB} MB`;
          ctx.log(`throughput: ${label} at ${mbps.toFixed(2)} MB/s, ${totalCalls(calls)} calls, ${ok ? 'bytes match' : 'MISMATCH'}`);
          metrics.push(
            { case: 'throughput', name: `${label}: MB/s`, value: mbps, unit: 'MB/s', ...(p.target !== undefined ? { target: `≥ ${p.target} MB/s`, pass: mbps >= p.target } : {}) },
            { case: 'throughput', name: `${label}: API calls`, value: totalCalls(calls), unit: '', note: JSON.stringify(calls) },
            { case: 'throughput', name: `${label}: bytes identical`, value: ok ? 1 : 0, unit: '', target: '1 (sha256 match)', pass: ok },
          );
          details[p.kind] = { bytes: p.bytes, received, seconds, mbps, calls, exitCode: r.exitCode, sha256Match: ok };
        }
        const pool = await host.pool();
        metrics.push(...poolFigures('throughput', pool, { maxBusy: 3, alone: true, during: '(both cats)' }));
        details.pool = pool;
      } finally {
        await bench.close();
      }
    } finally {
      await host.stop();
    }
    return { metrics, details };
  },
};
