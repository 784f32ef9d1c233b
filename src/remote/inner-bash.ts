import { BASH_CAPTURE, BASH_SAVE } from './inner-bash-save.js';
import { shQuote } from './shell-quote.js';
import { sh } from './sh-template.js';

// smsh's own traps in the line's shell. `trap -p` hides them by their exact text.
const EXIT_ACTION = `{ __smsh_exit "$?" "$_" "$-" "\${#PIPESTATUS[@]}" "\${PIPESTATUS[@]}" "$(${BASH_CAPTURE})" "$#" "$@"; } 6>&2 2>/dev/null`;
const TERM_ACTION = 'builtin exit 143 2>/dev/null';
const HUP_ACTION = 'builtin exit 129 2>/dev/null';

/** How bash's `trap -p` prints an action: single-quoted (smsh's own have no quote in them). */
function trapLine(action: string, signal: string): string {
  return `trap -- '${action}' ${signal}`;
}

/**
 * The `trap` the user's line calls: a function in front of the builtin. An EXIT trap set in the
 * line's own shell is kept in `__smsh_ux` (the shell is per line: its EXIT trap saves the
 * state), listed by `trap -p` and never run at the end of a line; in a subshell EXIT is the
 * builtin's. Listings leave smsh's own traps out. Inside a function bash lists no ERR, DEBUG or
 * RETURN trap, so those are also recorded in `__smsh_ut` as they are set, and listed from there.
 * Its body runs with stderr closed to xtrace (fd 6 keeps the real stderr for the builtin's
 * messages).
 */
const TRAP_WRAPPER = sh`declare -A __smsh_ut=()
__smsh_theirs() {
  local l r=$1$'\n' n; __smsh_T=
  while [[ -n $r ]]; do
    l=@{r%%$'\n'*}; r=@{r#*$'\n'}
    case $l in '') ;; "trap -- '{ __smsh_exit "*|${shQuote(trapLine(TERM_ACTION, 'SIGTERM'))}|${shQuote(trapLine(HUP_ACTION, 'SIGHUP'))}) ;;
      "trap -- '__smsh_t="*|"trap -- "*" DEBUG"|"trap -- "*" ERR"|"trap -- "*" RETURN") ;;
      "trap -- '' SIGINT"|"trap -- '' SIGQUIT") [[ -n @{__smsh_hard-} ]] || __smsh_T+=$l$'\n' ;;
      *) __smsh_T+=$l$'\n' ;; esac
  done
  for n in DEBUG ERR RETURN; do
    [[ -n @{__smsh_ut[$n]+x} && " $2 " == *" $n "* ]] && __smsh_T+="trap -- '@{__smsh_ut[$n]//"'"/"'\\''"}' $n"$'\n'
  done
  __smsh_T=@{__smsh_T%$'\n'}
}
trap() {
  local a s e= st=0 r=() n w=
  if (( $# == 0 )) || [[ $1 == -p || $1 == -P ]]; then
    (( $# )) && r=("@{@:2}")
    for s in "@{r[@]}"; do n=@{s^^}; n=@{n#SIG}; case $n in EXIT|0) e=1 ;; DEBUG|ERR|RETURN) w+=" $n" ;; esac; done
    (( @{#r[@]} )) || { e=1; w="DEBUG ERR RETURN"; }
    [[ -n $e && -n @{__smsh_ux+x} && $BASHPID == "$$" ]] && builtin printf "trap -- '%s' EXIT\n" "@{__smsh_ux//"'"/"'\\''"}"
    a=$(builtin trap "$@" 2>&6) || st=$?
    __smsh_theirs "$a" "$w"; [[ -n $__smsh_T ]] && builtin printf '%s\n' "$__smsh_T"
    return $st
  fi
  if [[ $1 == -l ]]; then builtin trap "$@" 2>&6; return; fi
  [[ $1 == -- ]] && shift
  if (( $# == 1 )); then a=-; else a=$1; shift; fi
  for s; do
    n=@{s^^}; n=@{n#SIG}
    case $n in
      EXIT|0) [[ $BASHPID == "$$" ]] && { e=1; continue; } ;;
      DEBUG|ERR|RETURN) if [[ $a == - ]]; then unset "__smsh_ut[$n]"; builtin trap -- '' "$s"; continue; fi; __smsh_ut[$n]=$a
        [[ $n != ERR && -n $a ]] && { w+=" $s"; continue; } ;;
    esac
    r+=("$s")
  done
  if [[ -n $e ]]; then if [[ $a == - ]]; then unset __smsh_ux; else __smsh_ux=$a; fi; fi
  (( @{#r[@]} )) && { builtin trap -- "$a" "@{r[@]}" 2>&6 || st=$?; }
  [[ -z $w ]] && return $st
  builtin printf -v a %q "$a"
  builtin trap -- "case \@{FUNCNAME[0]-}:\$BASH_COMMAND in __smsh_*|trap:*|exit:*|*:__smsh_*) ;; *) builtin eval $a ;; esac" $w 2>&6
} 6>&2 2>/dev/null
exit() {
  local s=$?
  if (( $# > 1 )); then builtin echo "bash: exit: too many arguments" >&6; return 1; fi
  if [[ -n @{1-} && ! $1 =~ ^[-+]?[0-9]+$ ]]; then builtin echo "bash: exit: $1: numeric argument required" >&6; builtin exit 2; fi
  builtin exit "@{1:-$s}"
} 6>&2 2>/dev/null
`;

// The EXIT trap's function: `$?`, `$_`, `$-`, PIPESTATUS, the listing and the positional
// parameters arrive as arguments (expanded before anything else ran), xtrace and errexit go off.
// A line that never started (a held signal, a cwd that is gone) keeps the flags, traps and
// parameters it was given.
const EXIT_FUNCTION = sh`__smsh_k() { return "$1"; }
__smsh_exit() {
  set +euvxET; ulimit -S -f unlimited 2>/dev/null
  local __smsh_s=$1 __smsh_l=$2 __smsh_f=$3 __smsh_m=$4; shift 4
  local __smsh_ps=("@{@:1:__smsh_m}"); shift "$__smsh_m"
  local __smsh_x=$1; shift
  local __smsh_pa=("@{@:2:$1}")
  [[ -n @{__smsh_pending-} ]] && { __smsh_f=@{__smsh_flags-}; __smsh_pa=("@{__smsh_av[@]}"); __smsh_ps=("$__smsh_s"); }
  __smsh_save >&9
  builtin printf -v __smsh_f '%s' "@{SSM_COMMAND_ID-}:@{AWS_SSM_INSTANCE_ID-}:@{AWS_SSM_REGION_NAME-}"
  [[ $__smsh_f == "@{__smsh_ssm-$__smsh_f}" ]] || builtin echo "smsh: SSM_COMMAND_ID, AWS_SSM_INSTANCE_ID and AWS_SSM_REGION_NAME are set by SSM for every line; the values given to them are not kept" >&6
}
`;

/**
 * Restores what the state names and that must happen inside the shell: smsh's traps, the
 * options, the working directory (never another one: see __smsh_gone), the directory stack,
 * SECONDS, and whether `env --default-signal` exists (so the next line can start with SIGINT
 * as a terminal gives it, not ignored as every background job starts).
 */
const GO = sh`__smsh_go() {
  builtin trap ${shQuote(EXIT_ACTION)} EXIT; builtin trap ${shQuote(TERM_ACTION)} TERM; builtin trap ${shQuote(HUP_ACTION)} HUP
  [[ -n @{__smsh_opts-} ]] && builtin eval "$__smsh_opts" 2>/dev/null
  __smsh_ssm=@{SSM_COMMAND_ID-}:@{AWS_SSM_INSTANCE_ID-}:@{AWS_SSM_REGION_NAME-}
  [[ -n @{__smsh_t-} ]] && builtin exit "$__smsh_t" 2>/dev/null
  if [[ -n @{__smsh_cwd+x} ]] && ! builtin cd -- "$__smsh_cwd" 2>/dev/null; then __smsh_gone "$1"; fi
  [[ -n @{__smsh_op+x} ]] && OLDPWD=$__smsh_op
  local d; for d in "@{__smsh_ds[@]}"; do pushd -n "$d" >/dev/null 2>&1; done
  [[ -n @{__smsh_sec-} && -n @{EPOCHSECONDS-} ]] && SECONDS=$(( EPOCHSECONDS - __smsh_sec ))
  [[ @{__smsh_env-} == d ]] || __smsh_hard=1
  [[ -n @{__smsh_env-} ]] || { env --default-signal=INT true >/dev/null 2>&1 && __smsh_env=d || __smsh_env=-; }
  unset __smsh_opts __smsh_cwd __smsh_op __smsh_ds __smsh_sec
}
__smsh_gone() {
  local e d=@{TMPDIR:-/tmp}/.smsh-gone.$$
  e=$(builtin cd -- "$__smsh_cwd" 2>&1); e=@{e##*: }
  if [[ $1 == cd || -e $__smsh_cwd ]] && command mkdir -m 700 -- "$d" 2>/dev/null && builtin cd -- "$d" 2>/dev/null; then
    command rmdir -- "$d" 2>/dev/null; PWD=$__smsh_cwd; return
  fi
  builtin printf 'smsh: %s: %s: the line was not run (cd to a directory that exists)\n' "$__smsh_cwd" "@{e:-cannot enter}" >&2
  PWD=$__smsh_cwd; builtin exit 1 2>/dev/null
}
__smsh_on() {
  local f=@{__smsh_flags-}
  unset __smsh_av
  [[ -n @{__smsh_traps-} ]] && builtin eval "$__smsh_traps" 2>/dev/null
  unset __smsh_traps __smsh_flags __smsh_pending __smsh_t
  unset -f __smsh_go __smsh_gone __smsh_on
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
builtin trap '__smsh_t=143' TERM; builtin trap '__smsh_t=129' HUP; [[ -n $1 ]] && __smsh_t=$1
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then IFS= read -r -N 1000000000 __smsh_state <&4; else __smsh_state=$(cat <&4); fi
exec 4<&-; __smsh_state=$2$'\n'$__smsh_state; __smsh_pending=1
case $__smsh_state in *'# smsh-state-end'|*$'# smsh-state-end\n') ;; *) [[ $4 == -i ]] && __smsh_fresh=1 ;; esac
${EXIT_FUNCTION}${BASH_SAVE}${TRAP_WRAPPER}${GO}builtin eval "$__smsh_state" >/dev/null 2>/dev/null; unset __smsh_state; __smsh_go "$3"; if [[ -n @{__smsh_fresh-} ]]; then unset __smsh_fresh; [[ -r /etc/bash.bashrc ]] && . /etc/bash.bashrc; [[ -r ~/.bashrc ]] && . ~/.bashrc; fi </dev/null; \set -- "@{__smsh_av[@]}"; __smsh_on; `;

/**
 * Stage one, the program the run script starts (`bash -c <this> bash`): reads the line (fd 3)
 * and the state's first two lines (fd 4: `#cwd:` and `#R<flags>:<command>`), and execs stage
 * two with the line appended to its program, so the line runs at top level and not in `eval`.
 * Stage two is this program's own text after the `#@P` line (BASH_EXECUTION_STRING), so it
 * travels once. stderr is closed across the exec (bash -i without a terminal says it has no job
 * control); fd 7 carries it. With `d` in the flags, `env --default-signal` gives the line SIGINT
 * and SIGQUIT back (a background job starts with them ignored, and bash cannot undo that). A line
 * too long to be an argument (~100 KB) runs in `eval` here instead, without `-i`.
 */
export const BASH_INNER = sh`builtin trap '__smsh_t=143' TERM; builtin trap '__smsh_t=129' HUP; shopt -s execfail
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
  IFS= read -r -N 1000000000 __smsh_l <&3
  while [[ $__smsh_l == *$'\n' ]]; do __smsh_l=@{__smsh_l%$'\n'}; done
else __smsh_l=$(cat <&3); fi
exec 3<&-; __smsh_c= __smsh_r= __smsh_g= __smsh_h=
IFS= read -r __smsh_c <&4
if [[ $__smsh_c != '#cwd:'* ]]; then __smsh_h=1; else
  __smsh_c=; IFS= read -r __smsh_c <&4
  if [[ $__smsh_c == '#R'*:* ]]; then __smsh_g=@{__smsh_c%%:*}; __smsh_r=@{__smsh_c#*:}; __smsh_c=; fi
fi
__smsh_w=@{__smsh_l#"@{__smsh_l%%[![:space:]]*}"}
__smsh_i=-i; [[ -n $__smsh_w && -n $__smsh_h ]] && __smsh_i=+i
case $__smsh_w in ''|cd|pushd|popd|cd[[:space:]\;\&\|]*|pushd[[:space:]\;\&\|]*|popd[[:space:]\;\&\|]*) __smsh_w=cd ;; *) __smsh_w= ;; esac
__smsh_n() { local LC_ALL=C; __smsh_n=@{#__smsh_l}; }; __smsh_n
__smsh_p=@{BASH_EXECUTION_STRING#*$'\n#@P\n'}"{ @{__smsh_r:-builtin true}; } 2>/dev/null"
exec 7>&2
if (( __smsh_n < 100000 )); then
  if [[ $__smsh_g == *d* ]]; then set -- env --default-signal=INT,QUIT "$BASH"; else set -- "$BASH"; fi
  exec 2>/dev/null
  exec "$@" --norc --noprofile $__smsh_i -c "$__smsh_p"$'\n'"$__smsh_l"$'\n' bash "@{__smsh_t-}" "$__smsh_c" "$__smsh_w" "$__smsh_i"
  exec 2>&7
fi
set -- "@{__smsh_t-}" "$__smsh_c" "$__smsh_w" +i; unset -f __smsh_n; unset __smsh_n __smsh_c __smsh_r __smsh_g __smsh_w __smsh_h __smsh_i
builtin eval "$__smsh_p; builtin eval \"\$__smsh_l\""
exit
#@P
${BASH_STAGE2}`;
