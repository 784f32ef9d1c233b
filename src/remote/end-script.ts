import { FrameError, parseFrames } from './frame.js';
import { KILL_LIB, SPOOL_PRELUDE } from './spool.js';

/**
 * Ends a session on the instance: a line still running (the client was told to stop with one
 * running) is stopped, TERM then KILL after a second, and the session directory is removed, so
 * nothing is left behind. Safe to deliver twice.
 */
export function buildEndScript(sessionId: string): string {
  return `${KILL_LIB}
${SPOOL_PRELUDE(sessionId)}
n=0
for f in "$S"/*/pid; do
  [ -f "$f" ] && [ ! -s "\${f%pid}rc" ] || continue
  read -r p <"$f" && smsh_kill TERM "$p" && n=$((n + 1))
done
if [ $n -gt 0 ]; then
  i=0; while [ $i -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
  for f in "$S"/*/pid; do [ -f "$f" ] && read -r p <"$f" && smsh_kill KILL "$p"; done
fi
rm -rf "$S"; echo "SMSH1 end"; echo "stopped $n"; echo END
`;
}

/** Reads an end script's stdout: how many running lines it had to stop. Throws FrameError on a broken frame. */
export function readEndOutput(stdout: string): { stopped: number } {
  const frame = parseFrames(stdout).find((f) => f.kind === 'end');
  if (!frame) throw new FrameError('no end frame in the output', stdout);
  return { stopped: Number(frame.values.get('stopped') ?? 0) || 0 };
}
