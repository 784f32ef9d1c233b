import { BASH_CAPTURE, BASH_SAVE } from './inner-bash-save.js';
import { shQuote } from './shell-quote.js';
import { sh } from './sh-template.js';

// smsh's own traps in the line's shell. `trap -p` hides them by their exact text.
const EXIT_ACTION = `{ __S_exit "$?" "$_" "$-" "\${#PIPESTATUS[@]}" "\${PIPESTATUS[@]}" "$(${BASH_CAPTURE})" "$#" "$@"; } 6>&2 2>/dev/null`;
const TERM_ACTION = 'builtin exit 143 2>/dev/null';
const HUP_ACTION = 'builtin exit 129 2>/dev/null';

/** How bash's `trap -p` prints an action: single-quoted (smsh's own have no quote in them). */
function trapLine(action: string, signal: string): string {
  return `trap -- '${action}' ${signal}`;
}

/**
 * The `trap` the user's line calls: a function in front of the builtin. An EXIT trap set in the
 * line's own shell is kept in `__S_ux` (the shell is per line: its EXIT trap saves the
 * state), listed by `trap -p` and never run at the end of a line; in a subshell EXIT is the
 * builtin's. Listings leave smsh's own traps out. Inside a function bash lists no ERR, DEBUG or
 * RETURN trap, so those are also recorded in `__S_ut` as they are set, and listed from there.
 * Its body runs with stderr closed to xtrace (fd 6 keeps the real stderr for the builtin's
 * messages).
 */
const TRAP_WRAPPER = sh`declare -A __S_ut=()
__S_theirs() {
  local l r=$1$'\n' n; __S_T=
  while [[ -n $r ]]; do
    l=@{r%%$'\n'*}; r=@{r#*$'\n'}
    case $l in '') ;; "trap -- '{ __S_exit "*|${shQuote(trapLine(TERM_ACTION, 'SIGTERM'))}|${shQuote(trapLine(HUP_ACTION, 'SIGHUP'))}) ;;
      "trap -- '__S_t="*|"trap -- "*" DEBUG"|"trap -- "*" ERR"|"trap -- "*" RETURN") ;;
      "trap -- '' SIGINT"|"trap -- '' SIGQUIT") [[ -n @{__S_hard-} ]] || __S_T+=$l$'\n' ;;
      *) __S_T+=$l$'\n' ;; esac
  done
  for n in DEBUG ERR RETURN; do
    [[ -n @{__S_ut[$n]+x} && " $2 " == *" $n "* ]] && __S_T+="trap -- '@{__S_ut[$n]//"'"/"'\\''"}' $n"$'\n'
  done
  __S_T=@{__S_T%$'\n'}
}
trap() {
  local a s e= st=0 r=() n w=
  if (( $# == 0 )) || [[ $1 == -p || $1 == -P ]]; then
    (( $# )) && r=("@{@:2}")
    for s in "@{r[@]}"; do n=@{s^^}; n=@{n#SIG}; case $n in EXIT|0) e=1 ;; DEBUG|ERR|RETURN) w+=" $n" ;; esac; done
    (( @{#r[@]} )) || { e=1; w="DEBUG ERR RETURN"; }
    [[ -n $e && -n @{__S_ux+x} && $BASHPID == "$$" ]] && builtin printf "trap -- '%s' EXIT\n" "@{__S_ux//"'"/"'\\''"}"
    a=$(builtin trap "$@" 2>&6) || st=$?
    __S_theirs "$a" "$w"; [[ -n $__S_T ]] && builtin printf "%s\n" "$__S_T"
    return $st
  fi
  if [[ $1 == -l ]]; then builtin trap "$@" 2>&6; return; fi
  [[ $1 == -- ]] && shift
  if (( $# == 1 )); then a=-; else a=$1; shift; fi
  for s; do
    n=@{s^^}; n=@{n#SIG}
    case $n in
      EXIT|0) [[ $BASHPID == "$$" ]] && { e=1; continue; } ;;
      DEBUG|ERR|RETURN) if [[ $a == - ]]; then unset "__S_ut[$n]"; builtin trap -- '' "$s"; continue; fi; __S_ut[$n]=$a
        [[ $n != ERR && -n $a ]] && { w+=" $s"; continue; } ;;
    esac
    r+=("$s")
  done
  if [[ -n $e ]]; then if [[ $a == - ]]; then unset __S_ux; else __S_ux=$a; fi; fi
  (( @{#r[@]} )) && { builtin trap -- "$a" "@{r[@]}" 2>&6 || st=$?; }
  [[ -z $w ]] && return $st
  builtin printf -v a %q "$a"
  builtin trap -- "case \@{FUNCNAME[0]-}:\$BASH_COMMAND in __S_*|trap:*|exit:*|*:__S_*) ;; *) builtin eval $a ;; esac" $w 2>&6
} 6>&2 2>/dev/null
exit() {
  local s=$?
  if (( $# > 1 )); then echo "bash: exit: too many arguments" >&6; return 1; fi
  if [[ -n @{1-} && ! $1 =~ ^[-+]?[0-9]+$ ]]; then echo "bash: exit: $1: numeric argument required" >&6; builtin exit 2; fi
  builtin exit "@{1:-$s}"
} 6>&2 2>/dev/null
`;

// The EXIT trap's function: `$?`, `$_`, `$-`, PIPESTATUS, the listing and the positional
// parameters arrive as arguments (expanded before anything else ran), xtrace and errexit go off.
// A line that never started (a held signal, a cwd that is gone) keeps the flags, traps and
// parameters it was given.
const EXIT_FUNCTION = sh`__S_k() { return "$1"; }
__S_exit() {
  set +euvxET; ulimit -S -f unlimited 2>/dev/null
  local __S_s=$1 __S_l=$2 __S_f=$3 __S_m=$4; shift 4
  local __S_ps=("@{@:1:__S_m}"); shift "$__S_m"
  local __S_x=$1; shift
  local __S_pa=("@{@:2:$1}")
  [[ -n @{__S_pending-} ]] && { __S_f=@{__S_flags-}; __S_pa=("@{__S_av[@]}"); __S_ps=("$__S_s"); }
  __S_save >&9
  builtin printf -v __S_f "%s" "@{SSM_COMMAND_ID-}:@{AWS_SSM_INSTANCE_ID-}:@{AWS_SSM_REGION_NAME-}"
  [[ $__S_f == "@{__S_ssm-$__S_f}" ]] || echo "smsh: SSM sets SSM_COMMAND_ID and AWS_SSM_* for every line: the values given to them are not kept" >&6
}
`;

/**
 * Restores what the state names and that must happen inside the shell: smsh's traps, the
 * options, the working directory (never another one: see __S_gone), the directory stack,
 * SECONDS, and whether `env --default-signal` exists (so the next line can start with SIGINT
 * as a terminal gives it, not ignored as every background job starts).
 */
const GO = sh`__S_go() {
  builtin trap ${shQuote(EXIT_ACTION)} EXIT; builtin trap ${shQuote(TERM_ACTION)} TERM; builtin trap ${shQuote(HUP_ACTION)} HUP
  [[ -n @{__S_opts-} ]] && builtin eval "$__S_opts" 2>/dev/null
  __S_ssm=@{SSM_COMMAND_ID-}:@{AWS_SSM_INSTANCE_ID-}:@{AWS_SSM_REGION_NAME-}
  [[ -n @{__S_t-} ]] && builtin exit "$__S_t" 2>/dev/null
  if [[ -n @{__S_cwd+x} ]] && ! builtin cd -- "$__S_cwd" 2>/dev/null; then __S_gone "$1"; fi
  [[ -n @{__S_op+x} ]] && OLDPWD=$__S_op
  local d; for d in "@{__S_ds[@]}"; do pushd -n "$d" >/dev/null 2>&1; done
  [[ -n @{__S_sec-} && -n @{EPOCHSECONDS-} ]] && SECONDS=$(( EPOCHSECONDS - __S_sec ))
  [[ @{__S_env-} == d ]] || __S_hard=1
  [[ -n @{__S_env-} ]] || { env --default-signal=INT true >/dev/null 2>&1 && __S_env=d || __S_env=-; }
  unset __S_opts __S_cwd __S_op __S_ds __S_sec
}
__S_gone() {
  local e d=@{TMPDIR:-/tmp}/.smsh-gone.$$
  e=$(builtin cd -- "$__S_cwd" 2>&1); e=@{e##*: }
  if [[ $1 == cd || -e $__S_cwd ]] && command mkdir -m 700 -- "$d" 2>/dev/null && builtin cd -- "$d" 2>/dev/null; then
    command rmdir -- "$d" 2>/dev/null; PWD=$__S_cwd; return
  fi
  builtin printf "smsh: %s: %s: the line was not run (cd to a directory that exists)\n" "$__S_cwd" "@{e:-cannot enter}" >&2
  PWD=$__S_cwd; builtin exit 1 2>/dev/null
}
__S_on() {
  local f=@{__S_flags-}
  unset __S_av
  [[ -n @{__S_traps-} ]] && builtin eval "$__S_traps" 2>/dev/null
  unset __S_traps __S_flags __S_pending __S_t
  unset -f __S_go __S_gone __S_on
  [[ $f == *E* ]] && set -E; [[ $f == *T* ]] && set -T; [[ $f == *u* ]] && set -u
  [[ $f == *v* ]] && set -v; [[ $f == *e* ]] && set -e
  if [[ $f == *x* ]]; then set -x; fi
}
`;

/**
 * The line's shell (stage two): `bash --norc --noprofile -i -c '<this><R line>\n<the line>'`.
 * Interactive, so the line behaves and fails as at a prompt (messages without line numbers,
 * aliases on, `set -u` ends the line and not more). It reads the rest of the state from fd 4
 * (stage one took its first lines), evaluates it with output and errors discarded, and in one
 * physical line (parsed before the state's aliases exist) goes to the cwd, sources the rc
 * files once per new layer, sets the positional parameters and the options, and ends with the
 * `#R` command that sets `$?`, `$_` and PIPESTATUS. The user's line then follows, unchanged and
 * at top level: traces have one `+`, errors read as at a prompt.
 */
export const BASH_STAGE2 = sh`exec 2>&7 7>&-
builtin trap '__S_t=143' TERM; builtin trap '__S_t=129' HUP; [[ -n $1 ]] && __S_t=$1
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then IFS= read -r -N 1000000000 __S_state <&4; else __S_state=$(cat <&4); fi
exec 4<&-; __S_state=$2$'\n'$__S_state; __S_pending=1
case $__S_state in *'# smsh-state-end'|*$'# smsh-state-end\n') ;; *) [[ $4 == -i ]] && __S_fresh=1 ;; esac
${EXIT_FUNCTION}${BASH_SAVE}${TRAP_WRAPPER}${GO}builtin eval "$__S_state" >/dev/null 2>/dev/null; unset __S_state; __S_go "$3"; if [[ -n @{__S_fresh-} ]]; then unset __S_fresh; [[ -r /etc/bash.bashrc ]] && . /etc/bash.bashrc; [[ -r ~/.bashrc ]] && . ~/.bashrc; fi </dev/null; \set -- "@{__S_av[@]}"; __S_on; `;

/**
 * Stage one, the program the run script starts (`bash -c <this> bash`): reads the line (fd 3)
 * and the state's first two lines (fd 4: `#cwd:` and `#R<flags>:<command>`), and execs stage
 * two with the line appended to its program, so the line runs at top level and not in `eval`.
 * Stage two is this program's own text after the `#@P` line (BASH_EXECUTION_STRING), so it
 * travels once. Across the exec, stderr is a pseudo-terminal master (/dev/ptmx; /dev/null where
 * there is none) and fd 7 carries the real one: bash -i takes a dup of fd 2 as its terminal, says
 * there that it has no job control, and restores that terminal's modes whenever a job dies of a
 * signal — on a file it would print `tcsetattr: Inappropriate ioctl for device` into the line's
 * stderr each time (a `head` closing a pipe is enough). With `d` in the flags, `env --default-signal` gives the line SIGINT
 * and SIGQUIT back (a background job starts with them ignored, and bash cannot undo that). A line
 * too long to be an argument (~100 KB) runs in `eval` here instead, without `-i`.
 */
export const BASH_INNER = sh`builtin trap '__S_t=143' TERM; builtin trap '__S_t=129' HUP; shopt -s execfail
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
  IFS= read -r -N 1000000000 __S_l <&3
  while [[ $__S_l == *$'\n' ]]; do __S_l=@{__S_l%$'\n'}; done
else __S_l=$(cat <&3); fi
exec 3<&-; __S_c= __S_r= __S_g= __S_h=
IFS= read -r __S_c <&4
if [[ $__S_c != '#cwd:'* ]]; then __S_h=1; else
  __S_c=; IFS= read -r __S_c <&4
  if [[ $__S_c == '#R'*:* ]]; then __S_g=@{__S_c%%:*}; __S_r=@{__S_c#*:}; __S_c=; fi
fi
__S_w=@{__S_l#"@{__S_l%%[![:space:]]*}"}
__S_i=-i; [[ -n $__S_w && -n $__S_h ]] && __S_i=+i
case $__S_w in ''|cd|pushd|popd|cd[[:space:]\;\&\|]*|pushd[[:space:]\;\&\|]*|popd[[:space:]\;\&\|]*) __S_w=cd ;; *) __S_w= ;; esac
__S_n() { local LC_ALL=C; __S_n=@{#__S_l}; }; __S_n
__S_p=@{BASH_EXECUTION_STRING#*$'\n#@P\n'}"{ @{__S_r:-builtin true}; } 2>/dev/null"
exec 7>&2
if (( __S_n < 100000 )); then
  if [[ $__S_g == *d* ]]; then set -- env --default-signal=INT,QUIT "$BASH"; else set -- "$BASH"; fi
  if [[ -c /dev/ptmx && -r /dev/ptmx && -w /dev/ptmx ]]; then exec 2<>/dev/ptmx; else exec 2>/dev/null; fi
  exec "$@" --norc --noprofile $__S_i -c "$__S_p"$'\n'"$__S_l"$'\n' bash "@{__S_t-}" "$__S_c" "$__S_w" "$__S_i"
  exec 2>&7
fi
set -- "@{__S_t-}" "$__S_c" "$__S_w" +i; unset -f __S_n; unset __S_n __S_c __S_r __S_g __S_w __S_h __S_i
builtin eval "$__S_p; builtin eval \"\$__S_l\""
exit
#@P
${BASH_STAGE2}`;
