import { BASH_INNER, POSIX_INNER } from './inner-shell.js';
import { printfOctal, shQuote } from './shell-quote.js';
import { SH_LIB } from './sh-lib.js';
import { ENSURE_SESSION, KILL_LIB, SPOOL_PRELUDE } from './spool.js';

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
  /** The line was uploaded beforehand in pieces `$S/<seq>.line.<index>` (too large for one request). */
  lineUploaded?: boolean;
  /** Bytes for the command's stdin, sent inside the script itself. */
  stdinInline?: Uint8Array;
  /** Stdin was uploaded beforehand in pieces `$S/<seq>.in.<index>`. */
  stdinUploaded?: boolean;
  /** Characters of chunk data the final frame may carry. */
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
  /** Run the line with POSIX sh even where bash exists (tests). */
  /** The layer is being pushed now: start it afresh, never from a state a popped layer left. */
  freshLayer?: boolean;
  forcePosix?: boolean;
}

const WATCHDOG = `exec <"$1/w"; while read -r _; do :; done; [ -e "$1/rc" ] && exit 0; P=$(cat "$1/pid" 2>/dev/null) || exit 0; ${KILL_LIB}
smsh_kill KILL "$P"; sleep 0.2; smsh_kill KILL "$P"; exit 0`;

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
 * The script of a typed line's own invocation. It lives exactly as long as the command: it starts
 * the line in a new session (setsid) under the layer's user, spools stdout and stderr to files,
 * waits, commits the new state, and prints a frame with the exit code, the new cwd and as much
 * of the output as fits. A watchdog in its own session kills the line if this script is killed
 * (CancelCommand, execution timeout), since the agent only kills this script's process group.
 */
export function buildRunScript(o: RunScriptOptions): string {
  const create = o.createSession
    ? `${ENSURE_SESSION}
for d in $(find "$SMSH_B" -mindepth 2 -maxdepth 2 -name lease -mmin +${o.createSession.gcMinutes} 2>/dev/null); do
  d=\${d%/lease}; busy=
  for p in "$d"/*/pid; do [ -f "$p" ] && [ ! -f "\${p%pid}rc" ] && kill -0 "$(cat "$p")" 2>/dev/null && busy=1; done
  [ -z "$busy" ] && rm -rf "$d"
done
find "$SMSH_B" -maxdepth 1 -name '.*.done' -mmin +60 -exec rm -f {} + 2>/dev/null
true 2>/dev/null >"$S/lease"
echo "SMSH1 probe"
SMSH_ME=$(id -un); [ -n "$SMSH_ME" ] && printf '%s\\n' "$SMSH_ME" 2>/dev/null >"$S/me"
echo "user $SMSH_ME"; echo "uid $SMSH_UID"; echo "host $(uname -n)"
echo "home $(smsh_str "\${HOME:-$(awk -F: -v u="$SMSH_ME" '$1 == u { print $6 }' /etc/passwd)}")"
h=; for x in bash base64 gzip setsid runuser su sudo; do command -v $x >/dev/null 2>&1 && h="$h $x"; done
echo "helpers$h"; echo "enc $SMSH_ENC"; echo END`
    : '';
  const layer = o.layer;
  const runUser = layer.user ?? '';
  const stdinSetup = o.stdinInline
    ? `printf ${printfOctal(o.stdinInline)} >"$C/in"; IN="$C/in"`
    : o.stdinUploaded
      ? `cat "$S/${o.seq}".in.* >"$C/in" 2>/dev/null; rm -f "$S/${o.seq}".in.*; IN="$C/in"`
      : 'IN=/dev/null';
  const removals = (o.removeSeqs ?? []).map((n) => `rm -rf "$S/${n}"; : >"$S/${n}.done"`).join('; ');
  const budget = o.inlineBudget;
  return `${SH_LIB}${RUN_LIB}
${SPOOL_PRELUDE(o.sessionId)}; C="$S/${o.seq}"
SMSH_UM=\${SMSH_UMASK:-$(umask)}; umask 077
T="$SMSH_B/.${o.sessionId}.done"
[ -e "$T" ] && { echo "SMSH1 gone"; echo END; exit 0; }
${create}
[ -e "$T" ] && { echo "SMSH1 gone"; echo END; exit 0; }
[ -d "$S" ] || { echo "SMSH1 nosession"; echo END; exit 0; }
[ -e "$S/${o.seq}.done" ] && { echo "SMSH1 dup"; echo END; exit 0; }
if ! mkdir "$C" 2>/dev/null; then
  if [ -e "$T" ]; then echo "SMSH1 gone"; else echo "SMSH1 dup"; fi; echo END; exit 0
fi
${removals}
true 2>/dev/null >"$S/lease"
${o.lineUploaded ? `cat "$S/${o.seq}".line.* >"$C/line"; rm -f "$S/${o.seq}".line.*` : `printf ${printfOctal(o.line)} >"$C/line"`}
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
if [ -e "$S/${o.seq}.cancel" ]; then
  rc=130
else
  if command -v mkfifo >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1 && mkfifo "$C/w"; then
    setsid sh -c ${shQuote(WATCHDOG)} smsh-watchdog "$C" </dev/null >/dev/null 2>&1 &
    exec 8>"$C/w"
  fi
  echo $$ >"$C/opid"
  set -- env -i HOME="$UH" USER="$U" LOGNAME="$U" SSM_COMMAND_ID="\${SSM_COMMAND_ID-}" AWS_SSM_INSTANCE_ID="\${AWS_SSM_INSTANCE_ID-}" AWS_SSM_REGION_NAME="\${AWS_SSM_REGION_NAME-}" PATH="\${PATH:-/usr/bin:/bin}" "$SHP" $LFLAG -c "$INNER" "\${SHP##*/}"
  [ -n "$RU" ] && set -- runuser -u "$RU" -- "$@"
  command -v setsid >/dev/null 2>&1 && set -- setsid "$@"
  "$@" <"$IN" >"$C/out" 2>"$C/err" 3<"$C/line" 4<"$L/state" 9>"$C/state" 8>&- &
  P=$!; echo "$P" >"$C/pid"
  wait "$P"; rc=$?
  case $(tail -c 18 "$C/state" 2>/dev/null) in '# smsh-state-end'|"$NL# smsh-state-end") mv "$C/state" "$L/state" ;; esac
fi
cwd=; if [ -f "$L/state" ]; then IFS= read -r cwd <"$L/state"; fi
case $cwd in '#cwd:'*) cwd=\${cwd#'#cwd:'} ;; *) cwd= ;; esac
printf '%s' "$cwd" >"$C/cwd"
echo "$rc" >"$C/rc.tmp"; mv "$C/rc.tmp" "$C/rc"
smsh_home_word
echo "SMSH1 run"; echo "rc $rc"; echo "cwd $cwd"; echo "user $U"; echo "home $hw"
smsh_out_sizes; echo "size $so $se"
SMSH_USED=$(( \${#cwd} + \${#hw} + \${#U} + 200 ))
if [ ! -e "$C/streamed" ]; then
  if [ "$se" -gt 0 ] && [ "$so" -gt 0 ]; then bo=$(( (${budget} - SMSH_USED) * 3 / 4 )); else bo=$(( ${budget} - SMSH_USED )); fi
  oe=0; [ "$so" -gt 0 ] && { smsh_emit o "$C/out" 0 ${o.maxChunk} "$bo"; oe=$SMSH_END; }
  ee=0; [ "$se" -gt 0 ] && { smsh_emit e "$C/err" 0 ${o.maxChunk} $(( ${budget} - SMSH_USED )); ee=$SMSH_END; }
  if [ "$oe" = "$so" ] && [ "$ee" = "$se" ]; then
    echo "complete 1"
    ${o.endSessionWhenDone ? 'echo "ended 1"; : >"$T"; rm -rf "$S"' : ''}
  fi
fi
echo END
exit $rc
`;
}
