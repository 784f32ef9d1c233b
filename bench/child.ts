// Runs bin/smsh.js as a child process the way a user would, timing it and (optionally) reading
// its peak RSS at exit through a tiny --require preload.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { wallNow } from './engine.js';

/** bin/smsh.js of this checkout. */
export const SMSH_BIN = path.resolve('bin/smsh.js');

/** How one child run went. */
export interface ChildRun {
  code: number | null;
  /** Wall clock (ms since epoch) just before spawn(). */
  spawnedAt: number;
  /** From just before spawn() until the 'exit' event, in ms. */
  wallMs: number;
  stdoutBytes: number;
  /** The first bytes of stdout (up to 64 KB), for checks. */
  stdoutHead: Buffer;
  stderr: string;
  /** VmHWM (peak resident set) in kB as the process saw it at exit, when asked for. */
  peakRssKb?: number;
  /** VmRSS samples [ms since spawn, kB], once a second, when asked for. */
  rssSeries?: [number, number][];
}

/** Writes the preload that dumps /proc/self/status at exit into `dir`; returns its path. */
export function writeRssPreload(dir: string): string {
  const file = path.join(dir, 'rss-at-exit.cjs');
  writeFileSync(
    file,
    `// Written by smsh's bench: at exit, copy this process's VmHWM (peak RSS) to SMSH_BENCH_RSS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  try {
    const s = fs.readFileSync('/proc/self/status', 'utf8');
    const m = /VmHWM:\\s*(\\d+)/.exec(s);
    if (m && process.env.SMSH_BENCH_RSS_FILE) fs.writeFileSync(process.env.SMSH_BENCH_RSS_FILE, m[1]);
  } catch {}
});
`,
  );
  return file;
}

/** Spawns `node [--require preload] bin/smsh.js ...args` with `env` added; stdout is counted, not kept. */
export function runSmsh(args: string[], env: Record<string, string>, options: { rssPreload?: string; rssFile?: string; sampleRss?: boolean } = {}): Promise<ChildRun> {
  const nodeArgs = options.rssPreload ? ['--require', options.rssPreload, SMSH_BIN, ...args] : [SMSH_BIN, ...args];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ...(options.rssFile ? { SMSH_BENCH_RSS_FILE: options.rssFile } : {}) };
  return new Promise((resolve, reject) => {
    const spawnedAt = wallNow();
    const t0 = performance.now();
    const child = spawn(process.execPath, nodeArgs, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    const head: Buffer[] = [];
    let headBytes = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      if (headBytes < 65_536) {
        head.push(d);
        headBytes += d.length;
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    const rssSeries: [number, number][] = [];
    const sampler = options.sampleRss
      ? setInterval(() => {
          try {
            const m = /VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) rssSeries.push([Math.round(performance.now() - t0), Number(m[1])]);
          } catch {
            // exited between two samples
          }
        }, 1000)
      : undefined;
    let wallMs = 0;
    child.once('exit', () => {
      wallMs = performance.now() - t0;
      if (sampler) clearInterval(sampler);
    });
    child.once('close', (code) => {
      let peakRssKb: number | undefined;
      if (options.rssFile) {
        try {
          peakRssKb = Number(readFileSync(options.rssFile, 'utf8'));
        } catch {
          peakRssKb = undefined;
        }
      }
      resolve({ code, spawnedAt, wallMs, stdoutBytes, stdoutHead: Buffer.concat(head), stderr, ...(peakRssKb !== undefined ? { peakRssKb } : {}), ...(sampler ? { rssSeries } : {}) });
    });
  });
}
