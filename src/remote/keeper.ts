import { KILL_LIB } from './spool.js';

/** When the keeper's watchdog stops a line by itself. */
export interface KeeperLimits {
  /** Hang the line up (SIGHUP, then SIGTERM, then SIGKILL) when no smsh script touched the session's lease for this long, in ms; 0 never. */
  hangupMs: number;
  /** Stop the line (SIGTERM, then SIGKILL) after it ran this long, in ms; 0 never. */
  timeoutMs: number;
  /** Grace between the signals of a stop, in tenths of a second. */
  graceTenths: number;
}

/** How often the watchdog looks, in ms: a twentieth of the shortest limit, between 0.2 s and 2 s. */
export function watchdogTickMs(limits: KeeperLimits): number {
  const shortest = Math.min(...[limits.hangupMs, limits.timeoutMs].filter((n) => n > 0), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(shortest)) return 2_000;
  return Math.min(2_000, Math.max(200, Math.round(shortest / 20 / 100) * 100));
}

/**
 * The keeper: the line's parent for its whole life, in its own session so that neither the end
 * of the run script that started it nor the agent's SIGKILL of that script's process group
 * (CancelCommand, execution timeout) touches it. The run script returns as soon as it has
 * something to report, so a long line holds none of the agent's five workers while it runs. The
 * keeper starts the line with descriptors 0 stdin, 1/2 the spool's out/err, 3 the line, 4 the
 * saved state, 9 the new state; waits for it; commits the state when the shell saved it whole;
 * writes `cwd`, then `rc` (what every reader looks for, as a non-empty file: one write() puts its
 * whole line, so a reader never sees half of it).
 *
 * Its watchdog does what ssh and the agent would: it hangs the line up when the client is gone
 * (no script touched `$S/lease` for the hang-up time: smsh killed, laptop asleep, network lost),
 * and stops it at its execution timeout; it writes `stop` (`hangup` or `timeout`) first. After a
 * hang-up it removes the session's spool and leaves `<base>/.<session>.hup`, so a client that
 * comes back can say what happened.
 *
 * It writes its pid to `kpid` itself, once in its own session: a keeper killed before it got
 * there (a CancelCommand of the run script at that instant) has none, and readers and the
 * interrupt know the line never started.
 *
 * Arguments: C L IN HUP_MS TIMEOUT_MS GRACE_TENTHS S TOMB TICK TICK_MS, then the line's command.
 */
export const KEEPER = `${KILL_LIB}
C=$1 L=$2 IN=$3 HUP=$4 TMO=$5 GR=$6 S=$7 TOMB=$8 TK=$9; shift 9; TKMS=$1; shift
echo $$ >"$C/kpid"
NL='
'
smsh_stop() {
  trap '' TERM  # the keeper's kill when the line ends must not cut the stop (and a hang-up's cleanup) short
  echo "$1" >"$C/stop"
  if [ "$1" = hangup ] && smsh_kill HUP "$P"; then _g=0; while [ $_g -lt "$GR" ] && [ -n "$(smsh_pids "$P")" ]; do sleep 0.1; _g=$((_g + 1)); done; fi
  if smsh_kill TERM "$P"; then _g=0; while [ $_g -lt "$GR" ] && [ -n "$(smsh_pids "$P")" ]; do sleep 0.1; _g=$((_g + 1)); smsh_reterm; done; fi
  _g=0; while [ $_g -lt 20 ] && smsh_kill KILL "$P"; do sleep 0.05; _g=$((_g + 1)); done
}
smsh_watchdog() {
  trap 'kill $_s 2>/dev/null; exit 0' TERM
  _n=0 _i=0; : >"$C/.hb"
  while :; do
    sleep "$TK" & _s=$!; wait $_s
    [ -s "$C/rc" ] && exit 0
    _n=$((_n + TKMS))
    if [ "$S/lease" -nt "$C/.hb" ]; then touch "$C/.hb"; _i=0; else _i=$((_i + TKMS)); fi
    if [ "$TMO" -gt 0 ] && [ "$_n" -ge "$TMO" ]; then smsh_stop timeout; exit 0; fi
    if [ "$HUP" -gt 0 ] && [ "$_i" -ge "$HUP" ]; then
      smsh_stop hangup
      _g=0; while [ ! -s "$C/rc" ] && [ $_g -lt 50 ]; do sleep 0.1; _g=$((_g + 1)); done
      : >"$TOMB.hup"; rm -rf "$S"; exit 0
    fi
  done
}
"$@" <"$IN" >"$C/out" 2>"$C/err" 3<"$C/line" 4<"$L/state" 9>"$C/state" &
P=$!; echo "$P" >"$C/pid"
W=; if [ "$HUP" -gt 0 ] || [ "$TMO" -gt 0 ]; then smsh_watchdog </dev/null >/dev/null 2>&1 & W=$!; fi
wait "$P"; rc=$?
[ -n "$W" ] && kill "$W" 2>/dev/null
case $(tail -c 18 "$C/state" 2>/dev/null) in '# smsh-state-end'|"$NL# smsh-state-end") mv "$C/state" "$L/state" ;; esac
cwd=; if [ -f "$L/state" ]; then IFS= read -r cwd <"$L/state"; fi
case $cwd in '#cwd:'*) cwd=\${cwd#'#cwd:'} ;; *) cwd= ;; esac
printf '%s' "$cwd" >"$C/cwd" 2>/dev/null
echo "$rc" >"$C/rc" 2>/dev/null
`;
