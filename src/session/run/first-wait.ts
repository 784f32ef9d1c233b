import { parseFrames } from '../../remote/frame.js';
import { readProbe, type ProbeFacts } from '../../remote/probe-script.js';
import { readRunOutput, type RunOutput } from '../../remote/run-script.js';
import { SmshError } from '../../util/smsh-error.js';
import { readOrExplain } from '../channel.js';
import type { Invocation } from '../ssm-port.js';
import type { LineRun } from './line-run.js';

/** Says why a session's spool is gone, in words. */
export function spoolGone(hungUp: boolean): SmshError {
  return new SmshError(
    'remote',
    hungUp
      ? 'the command was hung up on the instance: no word from smsh reached it for too long (see --hangup-after)'
      : 'the session directory on the instance is gone (instance rebooted or cleaned up)',
  );
}

/**
 * Waits for the run script's own invocation: it comes back when the line ended (a short line is
 * done here, in one SendCommand), when the line printed something, or when it has waited its
 * turn. Its first poll comes one estimated round trip after sending and teaches the estimate.
 * Says whether the line is done or must be followed by readers.
 */
export async function firstWait(run: LineRun): Promise<'done' | 'stream'> {
  const inv = await run.ctx.channel.wait(run.doc, { expectSoon: true, learnRtt: true, activeAt: () => run.activeAt });
  run.runFinal = true;
  if (run.cancelled && inv.status === 'Cancelled' && !hasRunFrame(inv)) {
    // Our CancelCommand reached the run script before it printed its run frame (it waited in the
    // agent's buffer, or was watching the line): the readers say whether the line ever started.
    const probe = probeIn(inv.stdout);
    if (probe) run.ctx.onProbe(probe);
    return 'stream';
  }
  return takeRunOutput(run, readOrExplain(inv, readRunOutput), inv);
}

function hasRunFrame(inv: Invocation): boolean {
  try {
    readRunOutput(inv.stdout);
    return true;
  } catch {
    return false;
  }
}

/** The probe frame of a run script killed before its run frame (a session's first command), if it printed one whole. */
function probeIn(stdout: string): ProbeFacts | undefined {
  try {
    const frame = parseFrames(stdout).find((f) => f.kind === 'probe');
    return frame ? readProbe(frame) : undefined;
  } catch {
    return undefined;
  }
}

/** Applies what the run invocation said; shared with the recovery of a lost first delivery. */
export function takeRunOutput(run: LineRun, out: RunOutput, inv: Invocation): 'done' | 'stream' {
  if (out.probe) run.ctx.onProbe(out.probe);
  switch (out.kind) {
    case 'nosession':
      throw spoolGone(out.hungUp);
    case 'nouser':
      // su's own failure: the line fails with su's message, as it would in a shell.
      run.controls.onEvent({ type: 'output', stream: 'stderr', data: Buffer.from(`${inv.stderr.trim().split('\n')[0] || 'su: cannot switch user'}\n`) });
      run.exitCode = 1;
      run.complete = true;
      return 'done';
    case 'gone':
      run.gone = true;
      return 'stream';
    case 'dup':
      return 'stream';
    case 'run': {
      const report = out.report;
      run.accept(report);
      if (report.sessionEnded) run.sessionRemoved = true;
      if (report.rc === undefined) return 'stream';
      run.runReport = report;
      run.ctx.onReport(report);
      if (report.complete) {
        run.complete = true;
        return 'done';
      }
      return 'stream';
    }
  }
}
