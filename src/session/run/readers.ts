import { setTimeout as delay } from 'node:timers/promises';
import { buildReadScript, readReadOutput } from '../../remote/read-script.js';
import { readRunOutput } from '../../remote/run-script.js';
import { SmshError } from '../../util/smsh-error.js';
import { readOrExplain } from '../channel.js';
import { TERMINAL_STATUSES } from '../ssm-port.js';
import { companion } from './companion.js';
import { spoolGone, takeRunOutput } from './first-wait.js';
import { killIfLingering } from './interrupt.js';
import type { LineRun } from './line-run.js';
import { fetchRanges } from './range-readers.js';

/** Longest pause before the next reader while the agent is busy with others' documents, in ms. */
const BUSY_BACKOFF_CAP_MS = 8_000;

/** How long readers keep finding no spool while the first delivery of a retried run may still start, in ms. */
const NO_SPOOL_PATIENCE_MS = 60_000;

/** Reads the spool until the line has ended and every byte arrived. */
export async function stream(run: LineRun, flowing: boolean): Promise<void> {
  if (run.gone) return recoverFromOriginal(run);
  if (run.runReport) {
    // The line ended with more output than its frame held: read the rest by ranges at once.
    const ended = await fetchRanges(run, run.runReport.sizes.stdout, run.runReport);
    if (ended && run.endedWith(ended)) return;
  }
  const companionStop = new AbortController();
  try {
    await mainLane(run, flowing, companionStop.signal);
  } finally {
    companionStop.abort();
  }
}

/**
 * The main lane: one reader after another, each a long poll on the instance. A reader that
 * follows output is expected back within a round trip; one that follows silence is polled at the
 * pace the silence calls for. A reader that gave its worker back because others waited is
 * followed after a pause that doubles while the agent stays busy.
 */
async function mainLane(run: LineRun, flowing: boolean, companionStop: AbortSignal): Promise<void> {
  const { channel, sessionId, tuning } = run.ctx;
  let backoffMs = 0;
  let noSpoolSince: number | undefined;
  const startCompanion = (afterMs: number) => {
    if (!tuning.companionReader || run.companionRunning || !channel.roomForOneMore()) return;
    run.companionRunning = true;
    void companion(run, afterMs, companionStop).finally(() => {
      run.companionRunning = false;
    });
  };
  // The run frame already carried output: the line is streaming, so both lanes start at once.
  if (flowing) startCompanion(Math.min(channel.rttMs / 2, 1_500));
  for (;;) {
    if (backoffMs > 0) await delay(backoffMs);
    const waitTenths = run.exitCode !== undefined ? 0 : Math.round(tuning.readerWaitMs / 100);
    const script = buildReadScript({
      sessionId,
      seq: run.seq,
      stdoutOffset: run.out.next.stdout,
      stderrOffset: run.out.next.stderr,
      waitTenths,
      budget: channel.frameBudget,
      maxChunk: run.rawFor(channel.frameBudget),
      exitWithCode: true,
    });
    const readerSentAt = Date.now();
    const inv = await channel.run(script, {
      line: run.line,
      tag: '(read)',
      timeoutSeconds: Math.ceil(tuning.readerWaitMs / 1000) + 60,
      expectSoon: flowing || run.exitCode !== undefined,
      activeAt: () => run.activeAt,
    });
    const out = readOrExplain(inv, readReadOutput);
    if (out.kind === 'nosession') throw spoolGone(out.hungUp);
    if (out.kind === 'nocmd') {
      // The spool of this line is not there: its run script has not started yet (it waits in the
      // agent's buffer, or a retried SendCommand's first delivery is on its way), or it never will.
      const first = await channel.get(run.doc.commandId);
      if (TERMINAL_STATUSES.has(first.status)) {
        run.runFinal = true;
        if (run.cancelled && first.status === 'Cancelled') {
          run.exitCode = 130; // cancelled before it ever started
          return;
        }
        const said = readOrExplain(first, readRunOutput);
        if (said.kind !== 'dup') {
          if (takeRunOutput(run, said, first) === 'done') return;
          if (run.gone) return recoverFromOriginal(run);
        }
        noSpoolSince ??= Date.now();
        if (Date.now() - noSpoolSince > NO_SPOOL_PATIENCE_MS) throw new SmshError('remote', "the command's spool never appeared on the instance; see the SSM console");
      }
      backoffMs = Math.min(BUSY_BACKOFF_CAP_MS, Math.max(1_000, backoffMs * 2));
      continue;
    }
    const report = out.report;
    run.accept(report);
    if (report.complete) {
      run.complete = true;
      run.ctx.onReport(report);
      return;
    }
    if (report.rc !== undefined && run.endedWith(report)) return;
    if (report.orphan) {
      run.exitCode = 137;
      run.controls.onEvent({ type: 'notice', message: "smsh: the command's keeper on the instance died (out of memory, or killed by hand); its end is unknown" });
      return;
    }
    killIfLingering(run);
    flowing = report.chunks.length > 0;
    backoffMs = report.busy ? Math.min(BUSY_BACKOFF_CAP_MS, Math.max(1_000, backoffMs * 2)) * (0.8 + 0.4 * Math.random()) : 0;
    // Output is flowing: a second reader half a round trip behind this lane halves the time a new
    // line waits for the next look at the spool.
    if (flowing) startCompanion(Math.min((Date.now() - readerSentAt) / 2, 1_500));
    const ended = await fetchRanges(run, report.sizes.stdout);
    if (ended && run.endedWith(ended)) return;
  }
}

/**
 * A retried SendCommand found the line already run and its session removed (one-shot mode):
 * the output is in the first delivery's invocation, whose id the lost response never told us.
 * Find it among this instance's recent invocations by its Comment, and take its frame.
 */
async function recoverFromOriginal(run: LineRun): Promise<void> {
  const { channel } = run.ctx;
  const ids = await channel.findInvocations(run.doc.sentAt - 60_000, run.ctx.runComment);
  for (const id of ids) {
    if (id === run.doc.commandId) continue;
    const inv = await channel.wait({ commandId: id, sentAt: run.doc.sentAt, control: true }, { expectSoon: true });
    run.gone = false;
    if (takeRunOutput(run, readOrExplain(inv, readRunOutput), inv) === 'done') return;
  }
  throw new SmshError('remote', 'the command ran, but its output was lost with a SendCommand response; see the SSM console');
}
