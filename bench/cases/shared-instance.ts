// 11. Shared instance: smsh must never keep the agent's five workers from others. Three sessions
// each run a silent `tail -f` and a fourth streams, on one instance; meanwhile a foreign
// AWS-RunShellScript `true` is sent with the plain SDK, as Patch Manager would, and must reach
// Success within floor + 1 s. Per-session worker peaks come from the emulator's worker log.
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FLOOR_MS, FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost, type EmulatorHost } from '../emulator-host.js';
import { openSession, wallNow, type BenchSession } from '../engine.js';
import { processesWith } from '../processes.js';
import type { Metric } from '../report.js';
import { splitLines, summarize } from '../stats.js';
import { FOREIGN, peakWorkersByClient, poolFigures } from '../workers.js';

const SILENT = 3;
const STREAM_LABEL = 'stream@bench';
const STREAM_LINE = 'while :; do date +%s%N; sleep 0.1; done';
const SETTLE_MS = 5_000;
const APART_MS = 3_000;
/** The issue's bound for a foreign command on an instance smsh shares. */
const FOREIGN_TARGET_MS = FLOOR_MS + 1_000;
const FOREIGN_TIMEOUT_MS = 60_000;
/** "It must keep streaming": no pause longer than this between two arrivals during the window. */
const MAX_GAP_MS = 3_000;
const END_TIMEOUT_MS = 30_000;

/** One session of the case and its running line. */
interface Running {
  label: string;
  bench: BenchSession;
  interrupt: AbortController;
  result: Promise<{ cancelled: boolean; commandId: string } | Error>;
  /** Finds the line's processes: the run invocation's id is in their environment (and the tail's file in its command line). */
  tokens: string[];
  /** How often the engine said the instance was busy (others wait for its workers). */
  busyNotices: number;
}

/** Starts `line` in `bench`, interruptible; `onStdout` sees each stdout chunk. */
function start(label: string, bench: BenchSession, line: string, tokens: string[], onStdout?: (data: Buffer) => void): Running {
  const interrupt = new AbortController();
  const running: Running = { label, bench, interrupt, tokens, busyNotices: 0, result: Promise.resolve(new Error('not started')) };
  running.result = bench.session
    .run(line, {
      signal: interrupt.signal,
      onEvent: (e) => {
        if (e.type === 'status' && e.phase === 'sent' && e.commandId) running.tokens.push(`SSM_COMMAND_ID=${e.commandId}`);
        if (e.type === 'output' && e.stream === 'stdout') onStdout?.(e.data);
        if (e.type === 'load' && e.busy) running.busyNotices++;
      },
    })
    .then(
      (r) => ({ cancelled: r.cancelled, commandId: r.commandId }),
      (error: unknown) => error as Error,
    );
  return running;
}

/** Sends `true` with the plain SDK and polls every 50 ms until Success: the milliseconds it took, or NaN. */
async function foreignTrue(ssm: SSMClient, instanceId: string): Promise<{ ms: number; status: string }> {
  const sentAt = performance.now();
  const sent = await ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId], Parameters: { commands: ['true'] }, Comment: 'Patch Manager stand-in (bench)' }));
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new Error('SendCommand gave no CommandId');
  let status = 'not visible';
  while (performance.now() - sentAt < FOREIGN_TIMEOUT_MS) {
    status = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId })).then(
      (inv) => inv.Status ?? '',
      () => 'not visible', // InvocationDoesNotExist right after sending
    );
    if (status === 'Success') return { ms: performance.now() - sentAt, status };
    if (['Failed', 'Cancelled', 'TimedOut'].includes(status)) break;
    await delay(50);
  }
  return { ms: Number.NaN, status };
}

/** The lines' processes that are alive now, per session label. */
function alive(lines: readonly Running[]): Record<string, number> {
  return Object.fromEntries(lines.map((l) => [l.label, new Set(l.tokens.flatMap(processesWith)).size]));
}

/** Opens the four sessions and starts their lines. */
async function startAll(host: EmulatorHost, dir: string, onStream: (data: Buffer) => void): Promise<Running[]> {
  const labels = [...Array.from({ length: SILENT }, (_, i) => `silent-${i + 1}@bench`), STREAM_LABEL];
  const opened = await Promise.allSettled(labels.map((clientLabel) => openSession(host, { clientLabel })));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
    throw failed.reason;
  }
  const sessions = opened.map((o) => (o as PromiseFulfilledResult<BenchSession>).value);
  return labels.map((label, i) => {
    if (label === STREAM_LABEL) return start(label, sessions[i]!, STREAM_LINE, [], onStream);
    const file = path.join(dir, `shared-${randomBytes(6).toString('hex')}-${i + 1}.log`);
    writeFileSync(file, '');
    return start(label, sessions[i]!, `tail -f '${file}'`, [file]);
  });
}

export const sharedInstance: BenchCase = {
  name: 'shared-instance',
  async run(ctx) {
    const repeats = ctx.quick ? 3 : 8;
    const host = await startEmulatorHost(REALISTIC);
    const ssm = new SSMClient({ region: host.region, endpoint: host.url, credentials: host.credentials });
    const arrivals: { at: number; delayMs: number }[] = [];
    let tail = '';
    let lines: Running[] = [];
    try {
      lines = await startAll(host, ctx.workDir, (data) => {
        const at = wallNow();
        const split = splitLines(tail, data.toString('utf8'));
        tail = split.tail;
        for (const l of split.lines) if (Number(l) > 0) arrivals.push({ at, delayMs: at - Number(l) / 1e6 });
      });
      await delay(SETTLE_MS);
      const before = alive(lines);
      await host.resetCalls();
      const since = Date.now();
      const foreign: { ms: number; status: string }[] = [];
      for (let i = 0; i < repeats; i++) {
        if (i > 0) await delay(APART_MS);
        foreign.push(await foreignTrue(ssm, host.instanceId));
      }
      const until = Date.now();
      const pool = await host.pool();
      const byClient = peakWorkersByClient(await host.workerLog(), { since, until });
      for (const l of lines) l.interrupt.abort();
      const results = await Promise.all(lines.map((l) => Promise.race([l.result, delay(END_TIMEOUT_MS, undefined, { ref: false }).then(() => new Error('did not end'))])));
      const left = alive(lines);
      const leftTotal = Object.values(left).reduce((a, b) => a + b, 0);
      await delay(2_000);
      const leftLater = alive(lines);

      const ok = foreign.filter((f) => Number.isFinite(f.ms));
      const times = summarize(ok.map((f) => f.ms));
      const inWindow = arrivals.filter((a) => a.at >= since && a.at <= until);
      const delays = summarize(inWindow.map((a) => a.delayMs));
      const stamps = [since, ...inWindow.map((a) => a.at), until];
      const gap = Math.max(...stamps.slice(1).map((t, i) => t - stamps[i]!));
      // The check means something only if it found each line's processes while they ran.
      const unseen = Object.entries(before)
        .filter(([, n]) => n === 0)
        .map(([label]) => label);
      const ended = results.filter((r) => !(r instanceof Error) && r.cancelled).length;
      const peakOf = (label: string) => byClient.get(label)?.peakRunning ?? 0;
      ctx.log(`shared-instance: foreign true → Success median ${times.p50.toFixed(0)} ms, max ${times.max.toFixed(0)} ms; peaks ${[...byClient].map(([k, v]) => `${k} ${v.peakRunning}`).join(', ')}; stream p95 ${delays.p95.toFixed(0)} ms`);
      const metrics: Metric[] = [
        { case: 'shared-instance', name: `foreign \`true\` SendCommand → Success (median of ${repeats})`, value: times.p50, unit: 'ms', floor: FLOOR_TEXT },
        { case: 'shared-instance', name: 'foreign `true` SendCommand → Success (max)', value: ok.length === repeats ? times.max : Number.NaN, unit: 'ms', floor: FLOOR_TEXT, target: `every one ≤ ${FOREIGN_TARGET_MS} ms`, pass: ok.length === repeats && times.max <= FOREIGN_TARGET_MS },
        ...lines.map((l): Metric => {
          const most = l.label === STREAM_LABEL ? 2 : 1;
          return { case: 'shared-instance', name: `peak workers held by ${l.label} (${l.label === STREAM_LABEL ? 'streaming' : 'silent tail -f'})`, value: peakOf(l.label), unit: '', target: `≤ ${most}`, pass: peakOf(l.label) <= most };
        }),
        { case: 'shared-instance', name: 'peak workers held by the foreign commands', value: peakOf(FOREIGN), unit: '' },
        ...poolFigures('shared-instance', pool, { alone: false, during: '(4 sessions + foreign commands)' }),
        { case: 'shared-instance', name: `streaming session: delay p95 during the window (${inWindow.length} lines)`, value: delays.p95, unit: 'ms', floor: FLOOR_TEXT },
        { case: 'shared-instance', name: 'streaming session: longest pause between arrivals', value: gap, unit: 'ms', target: `≤ ${MAX_GAP_MS} ms (kept streaming)`, pass: gap <= MAX_GAP_MS },
        { case: 'shared-instance', name: `lines ended by the interrupt (of ${lines.length})`, value: ended, unit: '', target: `${lines.length}`, pass: ended === lines.length },
        { case: 'shared-instance', name: 'processes left by the lines after they ended', value: leftTotal, unit: '', target: '0', pass: leftTotal === 0, ...(unseen.length ? { note: `no process found while running for ${unseen.join(', ')}` } : {}) },
      ];
      return {
        metrics,
        details: {
          method: `${SILENT} sessions run tail -f on their own empty file, one streams \`${STREAM_LINE}\`; after ${SETTLE_MS / 1000} s the pool's peaks are reset and ${repeats} foreign \`true\` commands are sent ${APART_MS / 1000} s apart with a plain SDK client, each polled every 50 ms until Success. Per-session peaks: the worker log over that window, grouped by Comment prefix.`,
          foreign,
          foreignMs: times,
          peaksByClient: Object.fromEntries(byClient),
          pool,
          stream: { delayMs: delays, longestGapMs: gap, lines: inWindow.length },
          processesBeforeInterrupt: before,
          processesAfterEnd: left,
          processesTwoSecondsLater: leftLater,
          lineResults: results.map((r, i) => ({ label: lines[i]!.label, busyNotices: lines[i]!.busyNotices, ...(r instanceof Error ? { error: r.message } : r) })),
        },
      };
    } finally {
      for (const l of lines) l.interrupt.abort();
      await Promise.all(lines.map((l) => Promise.race([l.bench.close(), delay(15_000, undefined, { ref: false })])));
      ssm.destroy();
      await host.stop();
    }
  },
};
