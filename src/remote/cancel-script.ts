import { FrameError, parseFrames } from './frame.js';
import type { SpoolSizes } from './line-report.js';
import { KILL_LIB, SPOOL_PRELUDE } from './spool.js';

/** How hard to stop a command. */
export interface CancelScriptOptions {
  sessionId: string;
  seq: number;
  /** 'term': SIGTERM, wait graceTenths, then SIGKILL what is left; 'kill': SIGKILL at once. */
  mode: 'term' | 'kill';
  graceTenths: number;
}

/**
 * Stops a running line from a second invocation. The agent's CancelCommand only SIGKILLs the
 * run script's process group, so traps never run and a setsid child escapes; this sends TERM to
 * the line's whole tree (its session, its group and every descendant), gives it a grace period
 * to clean up, then freezes and kills whatever is left, and says how many processes remained.
 * Interrupted before the line started, it leaves `<seq>.cancel`, so the run script does not start
 * it at all (exit 130) and the client need not call CancelCommand. `at` gives the spool sizes at
 * the moment of the interrupt: the client skips the output written before it, as a terminal
 * flushes its output queue on ^C, and shows what the line prints while it stops.
 */
export function buildCancelScript(o: CancelScriptOptions): string {
  return `${KILL_LIB}
${SPOOL_PRELUDE(o.sessionId)}; C="$S/${o.seq}"
smsh_alive() { _k=; [ -f "$1" ] || return 1; read -r _k <"$1"; [ -z "$_k" ] || kill -0 "$_k" 2>/dev/null; }
smsh_rc() { : >"$C/cwd"; echo "$1" >"$C/rc"; }
echo "SMSH1 cancel"
# The line may not have started yet: wait for it briefly, then leave a note that stops it from
# starting at all, and look once more in case it started meanwhile.
i=0; P=
while [ $i -lt 30 ]; do P=$(cat "$C/pid" 2>/dev/null); [ -n "$P" ] && break; [ -s "$C/rc" ] && break; sleep 0.1; i=$((i + 1)); done
if [ -z "$P" ] && [ ! -s "$C/rc" ] && [ -d "$S" ]; then
  : >"$S/${o.seq}.cancel"; sleep 0.5; P=$(cat "$C/pid" 2>/dev/null)
  if [ -z "$P" ]; then
    # A run script killed (CancelCommand) after it made the spool and before the keeper started:
    # nobody will ever write the exit code, so the interrupt does, and readers see the line end.
    if [ -d "$C" ] && [ ! -s "$C/rc" ] && ! smsh_alive "$C/kpid"; then smsh_rc 130; fi
    echo "state precancel"; echo END; exit 0
  fi
fi
smsh_at() { a=0; b=0; [ -f "$C/out" ] && a=$(wc -c <"$C/out"); [ -f "$C/err" ] && b=$(wc -c <"$C/err"); echo "at $((a)) $((b))"; }
if [ -z "$P" ]; then smsh_at; echo "state done"; echo END; exit 0; fi
smsh_at
i=0
if [ ${o.mode === 'term' ? 1 : 0} = 1 ] && smsh_kill TERM "$P"; then
  while [ $i -lt ${o.graceTenths} ] && [ -n "$(smsh_pids "$P")" ]; do sleep 0.1; i=$((i + 1)); smsh_reterm; done
fi
n=0
while [ $n -lt 20 ] && smsh_kill KILL "$P"; do sleep 0.05; n=$((n + 1)); done
echo "escalated $([ $n -gt 0 ] && echo 1 || echo 0)"
# A keeper that died (killed by hand, out of memory) writes no exit code: the interrupt does.
i=0; while [ ! -s "$C/rc" ] && smsh_alive "$C/kpid" && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$C/rc" ] || smsh_alive "$C/kpid" || smsh_rc ${o.mode === 'term' ? 143 : 137}
echo "left $(smsh_pids "$P" | wc -l | tr -d ' ')"
echo END
`;
}

/** What an interrupt found and did, read from its frame. */
export interface CancelReport {
  /** `precancel`: the line had not started and now never will; `done`: it had already ended. */
  state?: 'precancel' | 'done';
  /** The spool sizes at the moment of the interrupt: output written before it is skipped. */
  at?: SpoolSizes;
  /** Processes of the line's tree still alive after SIGKILL (0 when all went). */
  left?: number;
  /** SIGKILL was needed (the tree outlived SIGTERM and the grace). */
  escalated: boolean;
}

/** Reads a cancel script's stdout; throws FrameError on a broken frame. */
export function readCancelOutput(stdout: string): CancelReport {
  const frame = parseFrames(stdout).find((f) => f.kind === 'cancel');
  if (!frame) throw new FrameError('no cancel frame in the output', stdout);
  const v = frame.values;
  const state = v.get('state');
  const at = (v.get('at') ?? '').split(' ');
  const left = v.get('left');
  return {
    ...(state === 'precancel' || state === 'done' ? { state } : {}),
    ...(at.length === 2 && at.every((n) => /^\d+$/.test(n)) ? { at: { stdout: Number(at[0]), stderr: Number(at[1]) } } : {}),
    ...(left !== undefined && /^\d+$/.test(left) ? { left: Number(left) } : {}),
    escalated: v.get('escalated') === '1',
  };
}

/** Whether the interrupt leaves nothing of the line running. */
export function lineStopped(report: CancelReport): boolean {
  return report.state !== undefined || report.left === 0;
}
