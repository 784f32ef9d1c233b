import { firstWait } from './first-wait.js';
import { interrupt } from './interrupt.js';
import type { LineRun } from './line-run.js';
import { stream } from './readers.js';

/**
 * Follows one line from its SendCommand to its last byte: the run script's own invocation first
 * (a short line ends there), then readers, while the caller's signals interrupt it. Resolves to
 * the exit code once the line ended, every byte was delivered, and no interrupt is in flight.
 */
export async function driveLine(run: LineRun): Promise<number> {
  const { signal, killSignal } = run.controls;
  const onCancel = () => run.track(interrupt(run, 'term'));
  const onKill = () => run.track(interrupt(run, 'kill'));
  if (signal?.aborted) onCancel();
  else signal?.addEventListener('abort', onCancel, { once: true });
  if (killSignal?.aborted) onKill();
  else killSignal?.addEventListener('abort', onKill, { once: true });
  try {
    const first = await firstWait(run);
    if (first === 'done') {
      await run.settled();
      return run.exitCode ?? 0;
    }
    run.controls.onEvent({ type: 'status', phase: 'streaming', commandId: run.doc.commandId });
    await stream(run, run.out.next.stdout + run.out.next.stderr > 0);
    await run.settled();
    return run.exitCode ?? 137;
  } finally {
    signal?.removeEventListener('abort', onCancel);
    killSignal?.removeEventListener('abort', onKill);
    run.done.abort();
  }
}
