// `npm run bench [-- --quick] [-- --only name[,name]]`: runs the cases against emulators in their
// realistic latency profile (loopback only), prints a table with PASS/FAIL and the floor beside
// each figure, and writes bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { REALISTIC_LATENCY } from '../src/emulator/options.js';
import { VERSION } from '../src/cli/version.js';
import type { BenchCase, BenchContext, CaseResult } from './context.js';
import { FLOOR_MS } from './context.js';
import { EMULATOR_CHILD_FLAG, runEmulatorChild } from './emulator-host.js';
import { metricsTable, type Metric } from './report.js';
import { shortCommand } from './cases/short-command.js';
import { startup } from './cases/startup.js';
import { streaming } from './cases/streaming.js';
import { throughput } from './cases/throughput.js';
import { idle } from './cases/idle.js';
import { memory } from './cases/memory.js';
import { concurrency } from './cases/concurrency.js';
import { interactive } from './cases/interactive.js';
import { endLatency } from './cases/end-latency.js';
import { firstLine } from './cases/first-line.js';
import { sharedInstance } from './cases/shared-instance.js';

const CASES: BenchCase[] = [shortCommand, startup, streaming, throughput, idle, memory, concurrency, interactive, endLatency, firstLine, sharedInstance];

const USAGE = `Usage: npm run bench -- [--quick] [--only name[,name…]] [--out file]
Cases: ${CASES.map((c) => c.name).join(', ')}
`;

interface Args {
  quick: boolean;
  only: string[] | undefined;
  out: string;
}

function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { quick: false, only: undefined, out: path.resolve('bench/results/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) args.only = a.slice(7).split(',').filter(Boolean);
    else if (a === '--out') args.out = path.resolve(argv[++i] ?? args.out);
    else if (a === '-h' || a === '--help') return 'help';
    else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  for (const name of args.only ?? []) {
    if (!CASES.some((c) => c.name === name)) throw new Error(`unknown case '${name}'\n${USAGE}`);
  }
  return args;
}

/** The commit the bench ran on, and whether src/ had uncommitted changes then. */
function gitState(): { commit: string; srcDirty: boolean } | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bin', 'scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit, srcDirty: dirty !== '' };
  } catch {
    // An exported tree (git archive): the exporter may say which commit it was.
    const commit = process.env.SMSH_BENCH_GIT_COMMIT;
    return commit ? { commit, srcDirty: false } : undefined;
  }
}

function machine(): Record<string, unknown> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  return { nproc: cpus().length, cpuModel, memoryMB: Math.round(totalmem() / 2 ** 20), node: process.version, platform: `${process.platform} ${process.arch}` };
}

async function main(argv: string[]): Promise<number> {
  // As bin/smsh.js does: the SDK's Node 20 notice is noise in a bench table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (argv[0] === EMULATOR_CHILD_FLAG) {
    await runEmulatorChild(argv[1] ?? '{}');
    return -1; // keep running until the parent says stop
  }
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'smsh-bench-'));
  const ctx: BenchContext = { quick: args.quick, workDir, log: (m) => process.stderr.write(`bench: ${m}\n`) };
  const selected = CASES.filter((c) => args.only === undefined || args.only.includes(c.name));
  const startedAt = new Date();
  const results: Record<string, CaseResult | { error: string }> = {};
  const metrics: Metric[] = [];
  try {
    for (const c of selected) {
      ctx.log(`${c.name}…`);
      const t0 = performance.now();
      try {
        const r = await c.run(ctx);
        results[c.name] = { ...r, details: { ...r.details, caseSeconds: Math.round((performance.now() - t0) / 100) / 10 } };
        metrics.push(...r.metrics);
      } catch (error) {
        const message = (error as Error)?.stack ?? String(error);
        ctx.log(`${c.name} FAILED: ${message}`);
        results[c.name] = { error: message };
        metrics.push({ case: c.name, name: 'case error', value: Number.NaN, unit: '', target: 'runs', pass: false, note: message.split('\n')[0] ?? '' });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const table = metricsTable(metrics);
  process.stdout.write(`\nsmsh ${VERSION} bench (${args.quick ? 'quick' : 'full'}), floor = emulator delivery ${REALISTIC_LATENCY.deliveryMs}±${REALISTIC_LATENCY.deliveryJitterMs} ms + report ${REALISTIC_LATENCY.reportMs}±${REALISTIC_LATENCY.reportJitterMs} ms = ${FLOOR_MS} ms\n\n${table}\n\n`);
  const failed = metrics.filter((m) => m.pass === false);
  process.stdout.write(`${metrics.filter((m) => m.pass === true).length} PASS, ${failed.length} FAIL\n`);
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify(
      {
        smsh: VERSION,
        mode: args.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: machine(),
        git: gitState() ?? 'not a git checkout',
        floor: { ...REALISTIC_LATENCY, floorMs: FLOOR_MS },
        metrics: metrics.map((m) => ({ ...m, value: Number.isFinite(m.value) ? m.value : null })),
        cases: results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`wrote ${path.relative(process.cwd(), args.out)}\n`);
  // Everything should be closed by now; if a case left a handle open, do not hang.
  setTimeout(() => {
    ctx.log('handles were left open; exiting anyway');
    process.exit(process.exitCode ?? 0);
  }, 10_000).unref();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
