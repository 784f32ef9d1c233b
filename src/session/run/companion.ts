import { setTimeout as delay } from 'node:timers/promises';
import { buildReadScript, readReadOutput } from '../../remote/read-script.js';
import type { LineRun } from './line-run.js';

/** The longest a companion reader waits on the instance, in tenths: it only fills the gap between two main readers. */
const COMPANION_WAIT_TENTHS = 10;

/**
 * The companion lane: while output flows, short readers (at most 1 s on the instance) staggered
 * half a round trip against the main lane, so the spool is looked at twice per round trip and a
 * line written just after one look waits half as long for the next. Both lanes read from the
 * delivered offsets and the assembler drops what the other brought already. It only ever adds
 * bytes: the main lane alone decides when the line has ended. It runs only while the agent has a
 * worker to spare besides it, and stops when a reader finds nothing (the main lane's long poll
 * takes over), when the line ends, and while range readers run; any error just stops it.
 */
export async function companion(run: LineRun, startAfterMs: number, stop: AbortSignal): Promise<void> {
  const { channel, sessionId } = run.ctx;
  try {
    await delay(startAfterMs, undefined, { signal: stop });
    while (!stop.aborted && run.exitCode === undefined && !run.ranging && channel.roomForOneMore()) {
      const script = buildReadScript({
        sessionId,
        seq: run.seq,
        stdoutOffset: run.out.next.stdout,
        stderrOffset: run.out.next.stderr,
        waitTenths: COMPANION_WAIT_TENTHS,
        budget: channel.frameBudget,
        maxChunk: run.rawFor(channel.frameBudget),
        exitWithCode: true,
      });
      // Not aborted once sent: the reader holds a worker until it ends, and the channel counts it until then.
      const doc = await channel.send(script, { line: run.line, tag: '(read)', timeoutSeconds: 70, signal: stop });
      const inv = await channel.wait(doc, { expectSoon: true });
      const out = readReadOutput(inv.stdout);
      if (stop.aborted || out.kind !== 'read') return;
      run.accept(out.report);
      if (out.report.chunks.length === 0 || out.report.rc !== undefined || out.report.busy) return;
    }
  } catch {
    // aborted, or a broken frame: the main lane carries on alone
  }
}
