import { buildCancelScript, lineStopped, readCancelOutput, type CancelReport } from '../../remote/cancel-script.js';
import { formatBytes } from '../../util/format-bytes.js';
import { readOrExplain } from '../channel.js';
import type { LineRun } from './line-run.js';

/** After the grace, how much longer a line may linger before the interrupt turns into a kill, in ms. */
const KILL_AFTER_MS = 10_000;

/**
 * The first interrupt wins and later ones only escalate: `term` after `term` does nothing,
 * `kill` after `term` kills, nothing follows `kill`. Pure, so every front end shares one rule.
 */
export function escalation(state: { cancelled: boolean; killed: boolean }, mode: 'term' | 'kill'): 'send' | 'ignore' {
  if (state.killed) return 'ignore';
  if (mode === 'term' && state.cancelled) return 'ignore';
  return 'send';
}

/**
 * Interrupts a line from a second invocation (the agent's own CancelCommand only SIGKILLs the run
 * script's process group, without SIGTERM, and never reaches the keeper's session): the cancel
 * script sends TERM to the line's tree, waits the grace, then KILLs what is left. While the run
 * script was not yet seen final, a CancelCommand goes with it: a line whose document still waits
 * in the agent's buffer is then never started (the readers then find no spool and end the line).
 */
export async function interrupt(run: LineRun, mode: 'term' | 'kill'): Promise<void> {
  if (escalation(run, mode) === 'ignore') return;
  run.cancelled = true;
  run.cancelAt ??= Date.now();
  if (mode === 'kill') run.killed = true;
  const { channel, sessionId, tuning } = run.ctx;
  run.controls.onEvent({ type: 'status', phase: mode === 'kill' ? 'killing' : 'cancelling', commandId: run.doc.commandId });
  try {
    if (!run.runFinal) void channel.cancel(run.doc.commandId).catch(() => {});
    const script = buildCancelScript({ sessionId, seq: run.seq, mode, graceTenths: Math.round(tuning.cancelGraceMs / 100) });
    const inv = await channel.run(script, { line: run.line, tag: mode === 'kill' ? '(kill)' : '(interrupt)', timeoutSeconds: 120, control: true, expectSoon: true });
    const report = readOrExplain(inv, readCancelOutput);
    skipInterrupted(run, report);
    if (!lineStopped(report)) run.controls.onEvent({ type: 'notice', message: `smsh: ${report.left ?? 'some'} process(es) of the command could not be killed (stuck in the kernel?)` });
  } catch (error) {
    run.controls.onEvent({ type: 'notice', message: `smsh: could not interrupt the command: ${(error as Error).message}` });
  }
}

/** A line interrupted long ago still runs (its tree ignored TERM past the grace): kill it, once. */
export function killIfLingering(run: LineRun): void {
  if (run.cancelAt !== undefined && !run.killed && Date.now() - run.cancelAt > run.ctx.tuning.cancelGraceMs + KILL_AFTER_MS) {
    run.track(interrupt(run, 'kill'));
  }
}

/**
 * What was spooled before the interrupt is not shown any more (a terminal flushes its output
 * queue on ^C too): without this, Ctrl+C on a `cat` of a big file would go on printing for
 * minutes. What the line prints while it stops (a trap's message) still shows.
 */
function skipInterrupted(run: LineRun, report: CancelReport): void {
  run.skipKnown = true;
  if (!report.at) return;
  const skipped = run.out.skipTo('stdout', report.at.stdout) + run.out.skipTo('stderr', report.at.stderr);
  if (skipped > 0) run.controls.onEvent({ type: 'notice', message: `smsh: skipped ${formatBytes(skipped)} of output written before the interrupt` });
}
