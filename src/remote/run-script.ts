import { FrameError, parseFrames } from './frame.js';
import { BASH_INNER, POSIX_INNER } from './inner-shell.js';
import { KEEPER, watchdogTickMs, type KeeperLimits } from './keeper.js';
import { readLineReport, type LineReport } from './line-report.js';
import { buildProbePrefix, readProbe, SWEEP_IN_BACKGROUND, type ProbeFacts } from './probe-script.js';
import { printfOctal, shQuote } from './shell-quote.js';
import { SH_LIB } from './sh-lib.js';
import { SPOOL_PRELUDE } from './spool.js';
import { checkTag } from './upload-script.js';
import { WATCH_LIB } from './watch-lib.js';

/** One user layer of the session: the base login, or a user entered with su/sudo. */
export interface Layer {
  /** Position in the stack: 0 is the base layer. */
  index: number;
  /** The user to run as; null for the agent's own user (root on EC2). */
  user: string | null;
  /** A login layer (`su -`, `sudo -i`) starts from a clean login environment in the user's home. */
  login: boolean;
}

/** What the run script needs to know. */
export interface RunScriptOptions {
  sessionId: string;
  /** The command's number in the session: it names the spool directory, so a duplicate delivery is detected. */
  seq: number;
  line: Uint8Array;
  layer: Layer;
  /** The layer below, whose state a non-login layer starts from. */
  parent?: Layer;
  /** The line was uploaded beforehand in pieces under `$S/f<tag>/` (too large for one request). */
  lineUpload?: string;
  /** Bytes for the command's stdin, sent inside the script itself. */
  stdinInline?: Uint8Array;
  /** Stdin was uploaded beforehand in pieces under `$S/f<tag>/`. */
  stdinUpload?: string;
  /** Characters of chunk data the frame may carry. */
  inlineBudget: number;
  /** The first raw chunk size to try. */
  maxChunk: number;
  /** Create the session first (the probe), removing stale sessions idle for this many minutes. */
  createSession?: { gcMinutes: number };
  /** One-shot mode: when all output fits this frame, remove the session at once and leave a
   *  tombstone, so a second delivery of this script (a retried SendCommand) runs nothing. */
  endSessionWhenDone?: boolean;
  /** Spool directories of commands whose output was fully read: removed now, for free. */
  removeSeqs?: number[];
  /** The layer is being pushed now: start it afresh, never from a state a popped layer left. */
  freshLayer?: boolean;
  /** Run the line with POSIX sh even where bash exists (tests). */
  forcePosix?: boolean;
  /** How long the script watches the line before handing it to readers, in tenths of a second. */
  waitTenths: number;
  /** Once output appeared, how much longer to wait for more (or for the end), in hundredths. */
  batchHundredths: number;
  /** The keeper's hang-up and timeout. */
  limits: KeeperLimits;
}

/**
 * Helpers of the run script, each sparing processes on the common path (a fork and an exec cost
 * about a millisecond each on a small instance, and a short line's run script is mostly that):
 *
 * - `smsh_out_sizes`: sets `so` and `se` to the sizes of `$C/out` and `$C/err` (as `smsh_size`
 *   would), with no process for an empty file and one `wc` for two non-empty ones.
 * - `smsh_home_word`: sets `hw` to `smsh_str "$UH"`, kept in `$L/home` beside the raw value it
 *   encodes, so base64 runs once per layer (again only if the home changes).
 */
const RUN_LIB = `
NL='
'
smsh_out_sizes() {
  so=0 se=0
  if smsh_fsize "$C/out" && smsh_fsize "$C/err"; then set -- $(wc -c "$C/out" "$C/err"); so=$1 se=$3
  elif smsh_fsize "$C/out"; then so=$(( $(wc -c <"$C/out") ))
  elif smsh_fsize "$C/err"; then se=$(( $(wc -c <"$C/err") )); fi
}
smsh_home_word() {
  hw=; _hr=
  if [ -f "$L/home" ]; then { IFS= read -r _hr; IFS= read -r hw; } <"$L/home"; fi
  if [ "$_hr" != "$UH" ] || [ -z "$hw" ]; then
    hw=$(smsh_str "$UH")
    case $UH in *"$NL"*) ;; *) printf '%s\\n%s\\n' "$UH" "$hw" 2>/dev/null >"$L/home" ;; esac
  fi
}
`;

/**
 * The script of a typed line's own invocation. It starts the line under its keeper (its own
 * session: the line outlives this script and holds none of the agent's workers while it runs),
 * then waits like a reader: until the line ends (it then exits with the line's exit code and
 * prints the new cwd, user, home and as much output as fits, so a short line costs one
 * SendCommand and the audit trail shows its real code), until output appears (plus a short batch,
 * so a line that prints and ends comes back whole), until another document waits for a worker,
 * or until `waitTenths` passed. A line still running is then followed by readers.
 */
export function buildRunScript(o: RunScriptOptions): string {
  const layer = o.layer;
  const runUser = layer.user ?? '';
  const stdinSetup = o.stdinInline
    ? `printf ${printfOctal(o.stdinInline)} >"$C/in"; IN="$C/in"`
    : o.stdinUpload
      ? `cat "$S/f${checkTag(o.stdinUpload)}"/* >"$C/in" 2>/dev/null; rm -rf "$S/f${o.stdinUpload}"; IN="$C/in"`
      : 'IN=/dev/null';
  const lineSetup = o.lineUpload
    ? `cat "$S/f${checkTag(o.lineUpload)}"/* >"$C/line"; rm -rf "$S/f${o.lineUpload}"`
    : `printf ${printfOctal(o.line)} >"$C/line"`;
  const removals = (o.removeSeqs ?? []).map((n) => `rm -rf "$S/${n}"; : >"$S/${n}.done"`).join('; ');
  const budget = o.inlineBudget;
  const tick = watchdogTickMs(o.limits);
  const keeperArgs = `"$C" "$L" "$IN" ${o.limits.hangupMs} ${o.limits.timeoutMs} ${o.limits.graceTenths} "$S" "$SMSH_B/.${o.sessionId}" ${(tick / 1000).toFixed(1)} ${tick}`;
  return `${SH_LIB}${WATCH_LIB}${RUN_LIB}
${SPOOL_PRELUDE(o.sessionId)}; C="$S/${o.seq}"
SMSH_UM=\${SMSH_UMASK:-$(umask)}; umask 077
T="$SMSH_B/.${o.sessionId}.done"
[ -e "$T" ] && { echo "SMSH1 gone"; echo END; exit 0; }
${o.createSession ? buildProbePrefix(o.createSession.gcMinutes) : ''}
[ -e "$T" ] && { echo "SMSH1 gone"; echo END; exit 0; }
[ -d "$S" ] || { echo "SMSH1 nosession"; [ -e "$SMSH_B/.${o.sessionId}.hup" ] && echo "hangup 1"; echo END; exit 0; }
[ -e "$S/${o.seq}.done" ] && { echo "SMSH1 dup"; echo END; exit 0; }
if ! mkdir "$C" 2>/dev/null; then
  if [ -e "$T" ]; then echo "SMSH1 gone"; else echo "SMSH1 dup"; fi; echo END; exit 0
fi
${removals}
true 2>/dev/null >"$S/lease"
${lineSetup}
: >"$C/out"; : >"$C/err"
${stdinSetup}
if [ ${o.forcePosix ? 1 : 0} = 0 ] && SHP=$(command -v bash); then INNER=${shQuote(BASH_INNER)}; else SHP=$(command -v sh); INNER=${shQuote(POSIX_INNER)}; fi
SMSH_ME=; [ -f "$S/me" ] && read -r SMSH_ME <"$S/me"; [ -n "$SMSH_ME" ] || SMSH_ME=$(id -un)
RU=${shQuote(runUser)}; [ -n "$RU" ] && [ "$RU" = "$SMSH_ME" ] && RU=
L="$S/u${layer.index}"; LFLAG=
U=\${RU:-$SMSH_ME}
UH=; if [ -n "$RU" ] || [ -z "\${HOME-}" ]; then UH=$(awk -F: -v u="$U" '$1 == u { print $6 }' /etc/passwd); fi
if [ -n "$RU" ] && [ -z "$UH" ]; then echo "su: user $RU does not exist" >&2; echo "SMSH1 nouser"; echo END; exit 0; fi
[ -n "$RU" ] || UH=\${HOME:-$UH}
${o.freshLayer ? 'rm -rf "$L"' : ''}
if [ ! -f "$L/state" ]; then
  mkdir -p -m 700 "$L"
  if [ ${layer.login || layer.index === 0 ? 1 : 0} = 1 ]; then
    [ ${layer.index} = 0 ] || LFLAG=-l
    { [ ${layer.index} = 0 ] && export -p | grep -v '^export \\(SSM_COMMAND_ID\\|AWS_SSM_[A-Z_]*\\|PWD\\|OLDPWD\\)\\(=\\|$\\)'
      printf 'export HOME=%s USER=%s LOGNAME=%s SHELL=%s\\n' "'$UH'" "'$U'" "'$U'" "'$SHP'"
      printf 'export PATH="\${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"\\n'
      printf 'command cd\\ncommand umask %s\\n' "$([ ${layer.index} = 0 ] && echo "$SMSH_UM" || echo 022)"
      [ "\${SHP##*/}" = bash ] && printf 'shopt -s expand_aliases\\n'
    } >"$L/state"
  else
    cp "$S/u${o.parent?.index ?? 0}/state" "$L/state" 2>/dev/null || : >"$L/state"
    printf 'export HOME=%s USER=%s LOGNAME=%s SHELL=%s\\n' "'$UH'" "'$U'" "'$U'" "'$SHP'" >>"$L/state"
  fi
fi
if [ -n "$RU" ] && ! command -v runuser >/dev/null 2>&1; then echo "smsh: cannot switch to $RU: runuser not found" >&2; echo "SMSH1 nouser"; echo END; exit 0; fi
why=
if [ -e "$S/${o.seq}.cancel" ]; then
  : >"$C/cwd"; echo 130 >"$C/rc"
else
  set -- env -i HOME="$UH" USER="$U" LOGNAME="$U" SSM_COMMAND_ID="\${SSM_COMMAND_ID-}" AWS_SSM_INSTANCE_ID="\${AWS_SSM_INSTANCE_ID-}" AWS_SSM_REGION_NAME="\${AWS_SSM_REGION_NAME-}" PATH="\${PATH:-/usr/bin:/bin}" "$SHP" $LFLAG -c "$INNER" "\${SHP##*/}"
  [ -n "$RU" ] && set -- runuser -u "$RU" -- "$@"
  trap '_u=1' USR1; echo $$ >"$C/opid"
  if command -v setsid >/dev/null 2>&1; then
    set -- setsid "$@"
    setsid sh -c ${shQuote(KEEPER)} smsh-keeper ${keeperArgs} "$@" </dev/null >/dev/null 2>&1 &
  else
    sh -c ${shQuote(KEEPER)} smsh-keeper ${keeperArgs} "$@" </dev/null >/dev/null 2>&1 &
  fi
  K=$!
  ${o.createSession ? SWEEP_IN_BACKGROUND : ''}
  # A tick wakes the watch; so does the keeper's exit (it is our child): a short line's end waits for no tick.
  (i=0; while :; do if [ $i -lt 40 ]; then sleep 0.05; else sleep 0.1; fi; kill -USR1 $$ 2>/dev/null || exit 0; i=$((i + 1)); done) </dev/null >/dev/null 2>&1 &
  TM=$!
  smsh_nap() { if [ -n "$K" ]; then _u=; wait "$K"; [ -n "$_u" ] || K=; elif [ "$1" = 5 ]; then sleep 0.05; else sleep 0.1; fi; }
  smsh_watch 0 0 ${o.waitTenths} ${o.batchHundredths} 30
  trap '' USR1; kill "$TM" 2>/dev/null
fi
smsh_pool
echo "SMSH1 run"
rc=; cwd=; hw=
if [ -s "$C/rc" ]; then
  read -r rc <"$C/rc"; [ -f "$C/cwd" ] && IFS= read -r cwd <"$C/cwd"
  smsh_home_word
  echo "rc $rc"; echo "cwd $cwd"; echo "user $U"; echo "home $hw"
  [ -f "$C/stop" ] && echo "stopped $(cat "$C/stop")"
else
  echo "running 1"
  [ "$why" = busy ] && echo "busy 1"
  [ "$why" = orphan ] && echo "orphan 1"
fi
[ -n "$SMSH_AS" ] && echo "pool $pc $pw"
smsh_out_sizes; echo "size $so $se"
SMSH_USED=$(( \${#cwd} + \${#hw} + \${#U} + 200 ))
if [ "$se" -gt 0 ] && [ "$so" -gt 0 ]; then bo=$(( (${budget} - SMSH_USED) * 3 / 4 )); else bo=$(( ${budget} - SMSH_USED )); fi
oe=0; [ "$so" -gt 0 ] && { smsh_emit o "$C/out" 0 ${o.maxChunk} "$bo"; oe=$SMSH_END; }
ee=0; [ "$se" -gt 0 ] && { smsh_emit e "$C/err" 0 ${o.maxChunk} $(( ${budget} - SMSH_USED )); ee=$SMSH_END; }
if [ -n "$rc" ] && [ "$oe" = "$so" ] && [ "$ee" = "$se" ]; then
  echo "complete 1"
  ${o.endSessionWhenDone ? 'echo "ended 1"; : >"$T"; rm -rf "$S"' : ''}
fi
echo END
exit \${rc:-0}
`;
}

/** What a run invocation said, read from its frames. */
export type RunOutput =
  | { kind: 'run'; probe?: ProbeFacts; report: LineReport; running: boolean }
  /** A second delivery of a retried SendCommand: the first delivery runs the line; follow it with readers. */
  | { kind: 'dup'; probe?: ProbeFacts }
  /** One-shot: the first delivery already ran the line and removed the session; its output is in that invocation. */
  | { kind: 'gone'; probe?: ProbeFacts }
  /** The session's spool is gone (instance rebooted, cleaned up, or a line was hung up). */
  | { kind: 'nosession'; probe?: ProbeFacts; hungUp: boolean }
  /** su/sudo could not switch: the user does not exist or runuser is missing. */
  | { kind: 'nouser'; probe?: ProbeFacts };

/** Reads a run invocation's stdout: the probe frame (first command) and the run frame. Throws FrameError on a broken frame. */
export function readRunOutput(stdout: string): RunOutput {
  let probe: ProbeFacts | undefined;
  for (const frame of parseFrames(stdout)) {
    const p = probe ? { probe } : {};
    switch (frame.kind) {
      case 'probe':
        probe = readProbe(frame);
        break;
      case 'run':
        return { kind: 'run', ...p, report: readLineReport(frame), running: frame.values.get('running') === '1' };
      case 'dup':
      case 'gone':
      case 'nouser':
        return { kind: frame.kind, ...p };
      case 'nosession':
        return { kind: 'nosession', ...p, hungUp: frame.values.get('hangup') === '1' };
      default:
        throw new FrameError(`unexpected ${frame.kind} frame from a run script`, stdout);
    }
  }
  throw new FrameError('no run frame in the output', stdout);
}
