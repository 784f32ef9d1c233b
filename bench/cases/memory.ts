// 6. Memory: peak RSS (VmHWM) of the one-shot process `smsh <id> -c 'cat big.log'` streaming to a pipe.
import path from 'node:path';
import { REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost } from '../emulator-host.js';
import { runSmsh, writeRssPreload } from '../child.js';
import { MB, writeLogText } from '../payloads.js';
import { poolFigures } from '../workers.js';

export const memory: BenchCase = {
  name: 'memory',
  async run(ctx) {
    const bytes = (ctx.quick ? 50 : 200) * MB;
    const file = path.join(ctx.workDir, 'memory.log');
    writeLogText(file, bytes, 7);
    const preload = writeRssPreload(ctx.workDir);
    const rssFile = path.join(ctx.workDir, 'rss.txt');
    const host = await startEmulatorHost(REALISTIC);
    try {
      await host.resetCalls(); // nothing ran yet: the pool's peaks are the one-shot's
      const r = await runSmsh([host.instanceId, '-c', `cat '${file}'`], host.env(), { rssPreload: preload, rssFile, sampleRss: true });
      if (r.code !== 0) throw new Error(`smsh exited ${r.code}: ${r.stderr}`);
      const pool = await host.pool();
      const peakMb = (r.peakRssKb ?? Number.NaN) / 1024;
      const mbps = r.stdoutBytes / MB / (r.wallMs / 1000);
      // Does RSS grow with the bytes streamed? Compare the highest sample of the first and last quarter.
      const series = r.rssSeries ?? [];
      const quarter = Math.max(1, Math.floor(series.length / 4));
      const early = Math.max(...series.slice(0, quarter).map(([, kb]) => kb)) / 1024;
      const late = Math.max(...series.slice(-quarter).map(([, kb]) => kb)) / 1024;
      ctx.log(`memory: peak RSS ${peakMb.toFixed(1)} MiB streaming ${bytes / MB} MB (${mbps.toFixed(2)} MB/s)`);
      return {
        metrics: [
          { case: 'memory', name: `one-shot peak RSS, ${bytes / MB} MB of log text`, value: peakMb, unit: 'MiB', target: '≤ 150 MB', pass: peakMb <= 150 },
          { case: 'memory', name: 'bytes delivered to stdout', value: r.stdoutBytes, unit: 'B', target: `${bytes}`, pass: r.stdoutBytes === bytes },
          { case: 'memory', name: 'RSS, highest sample of the first quarter', value: early, unit: 'MiB' },
          { case: 'memory', name: 'RSS, highest sample of the last quarter', value: late, unit: 'MiB' },
          { case: 'memory', name: 'one-shot MB/s (to a pipe)', value: mbps, unit: 'MB/s' },
          ...poolFigures('memory', pool, { maxBusy: 3, alone: true }),
        ],
        details: {
          method: 'node --require <preload> bin/smsh.js <id> -c "cat file"; the preload reads VmHWM from /proc/self/status in process.on("exit"), i.e. the peak over the whole life of the process.',
          bytes,
          stdoutBytes: r.stdoutBytes,
          peakRssKb: r.peakRssKb,
          wallMs: r.wallMs,
          rssSeriesKb: series,
          pool,
        },
      };
    } finally {
      await host.stop();
    }
  },
};
