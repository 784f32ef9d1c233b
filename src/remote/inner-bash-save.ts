import { sh } from './sh-template.js';

// Variables whose value bash owns, or that smsh restores its own way: never written with
// `declare -p`. PIPESTATUS and `_` come back through the `#R` line, DIRSTACK through pushd,
// SECONDS from its start time, PWD and OLDPWD through cd; SSM sets SSM_COMMAND_ID and
// AWS_SSM_* for every line. Their export flag is kept all the same (see EXPORT_ONLY).
const BASH_OWNED =
  'BASH|BASHOPTS|BASHPID|BASH_ALIASES|BASH_ARGC|BASH_ARGV|BASH_CMDS|BASH_COMMAND|BASH_EXECUTION_STRING|' +
  'BASH_LINENO|BASH_SOURCE|BASH_SUBSHELL|BASH_VERSINFO|BASH_VERSION|BASH_MONOSECONDS|BASH_TRAPSIG|' +
  'EUID|PPID|UID|SHELLOPTS|GROUPS|FUNCNAME|DIRSTACK|HISTCMD|LINENO|RANDOM|SRANDOM|SECONDS|' +
  'EPOCHREALTIME|EPOCHSECONDS|PIPESTATUS|_|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__smsh_*';

// Variables the line's shell finds in its environment: one the user un-exported must be
// un-exported again, or `export -n PATH` would not last.
const FROM_ENV = 'HOME USER LOGNAME PATH SHLVL PWD OLDPWD';

// Options kept as flags (see __smsh_on), not with `set -o`: errexit and xtrace must be switched
// on last, and the others would disturb the save itself. emacs and vi are left out: line editing
// is smsh's own, and either one crashes bash 5.2 started with -i -c and no terminal.
const FLAG_OPTIONS = ['errexit', 'nounset', 'verbose', 'xtrace', 'errtrace', 'functrace', 'emacs', 'vi'].map((o) => `*' ${o}'`).join('|');

/**
 * `__smsh_rtext S LAST PIPESTATUS…` sets `__smsh_R` to the command that gives the next line `$?`
 * S, `$_` LAST and, where it can, PIPESTATUS: `__smsh_k N LAST` (a function: no process), a
 * pipeline of them for a PIPESTATUS of several, `!` where `$?` was inverted. A failing status is followed by `&& :`, so neither `set -e` nor an ERR trap
 * takes it for a failure of the user's.
 */
const RTEXT = sh`__smsh_rtext() {
  local s=$1 L n st=0 x c pipe=
  builtin printf -v L %q "$2"; shift 2; n=$#
  __smsh_cmd() { c="__smsh_k $1"; }
  if (( n <= 1 )); then
    x=@{1:-$s}; __smsh_cmd "$x"
    if (( s == x )); then __smsh_R="$c $L"; (( x )) && __smsh_R+=" && :"
    elif (( s == 0 )); then __smsh_R="! $c $L"
    elif (( s == 1 && x == 0 )); then __smsh_R="! $c $L && :"
    else __smsh_cmd "$s"; __smsh_R="$c $L"; (( s )) && __smsh_R+=" && :"; fi
    return
  fi
  for x; do __smsh_cmd "$x"; pipe+="@{pipe:+ | }$c"; if [[ -o pipefail ]]; then (( x )) && st=$x; else st=$x; fi; done
  if (( s == st )); then __smsh_R="__smsh_k 0 $L; $pipe"; (( st )) && __smsh_R+=" && :"
  elif (( s == 0 )); then __smsh_R="__smsh_k 0 $L; ! $pipe"
  elif (( s == 1 && st == 0 )); then __smsh_R="__smsh_k 0 $L; ! $pipe && :"
  else __smsh_cmd "$s"; __smsh_R="$c $L"; (( s )) && __smsh_R+=" && :"; fi
}
`;

// The cwd travels hex-encoded on the state's first line: a directory name with a newline can
// never become a command, and the run script copies the word to its frame as it is. A short
// path of plain ASCII characters is encoded by printf with no process; any other path by od.
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-';
const CWD_LINE = sh`local __smsh_h= __smsh_i __smsh_c
    case $PWD in *[!${PLAIN}]*) ;; *) if (( @{#PWD} <= 128 )); then
      for (( __smsh_i = 0; __smsh_i < @{#PWD}; __smsh_i++ )); do builtin printf -v __smsh_c %02x "'@{PWD:__smsh_i:1}"; __smsh_h+=$__smsh_c; done
    fi ;; esac
    if [[ -n $__smsh_h ]]; then builtin printf '#cwd:hex:%s\n' "$__smsh_h"
    else builtin printf '#cwd:hex:'; builtin printf '%s' "$PWD" | od -An -v -tx1 | tr -d ' \n'; builtin echo; fi`;

/** What the EXIT trap lists in one command substitution (the only process of the save), at top level: inside a function bash hides the ERR, DEBUG and RETURN traps. */
export const BASH_CAPTURE =
  'compgen -v;echo @e;compgen -e;echo @f;compgen -A function;echo @F;declare -Fx;echo @s;shopt -p;echo @o;set +o;' +
  'echo @t;builtin trap -p;echo @u;umask;echo @S;ulimit -Sa;echo @H;ulimit -Ha;echo @D;declare -p';

/**
 * `__smsh_save` writes the state to stdout (fd 9), from its caller's locals: `__smsh_s` (`$?`),
 * `__smsh_l` (`$_`), `__smsh_f` (`$-`), `__smsh_ps` (PIPESTATUS), `__smsh_pa` (the positional
 * parameters) and `__smsh_x` (what BASH_CAPTURE listed). Variables are written with
 * `declare -p` (any bytes, arrays, attributes), shopt before the functions (a function using
 * extglob patterns is parsed again at the next line), and smsh's own names are left out.
 */
export const BASH_SAVE = sh`${RTEXT}__smsh_save() {
  { ${CWD_LINE}; }
  local __smsh_R; __smsh_rtext "$__smsh_s" "$__smsh_l" "@{__smsh_ps[@]}"
  builtin printf '#R%s:%s\n' "@{__smsh_env/-/}" "$__smsh_R"
  builtin declare -p IFS 2>/dev/null
  local IFS=$' \t\n' __smsh_r __smsh_t __smsh_v __smsh_a=() __smsh_o= __smsh_fl=
  local -A __smsh_ex=() __smsh_P=()
  shopt -u nocasematch; set -f
  __smsh_r=$'\n'$__smsh_x$'\n' __smsh_v=v
  for __smsh_t in e f F s o t u S H D; do
    __smsh_P[$__smsh_v]=@{__smsh_r%%$'\n'"@$__smsh_t"$'\n'*}; __smsh_r=@{__smsh_r#*$'\n'"@$__smsh_t"}; __smsh_v=$__smsh_t
  done
  __smsh_P[D]=$__smsh_r
  for __smsh_t in @{__smsh_P[e]}; do __smsh_ex[$__smsh_t]=1; done
  for __smsh_t in @{__smsh_P[v]}; do
    case $__smsh_t in ${BASH_OWNED}|IFS) ;; *) __smsh_a+=("$__smsh_t") ;; esac
  done
  (( @{#__smsh_a[@]} )) && builtin declare -p "@{__smsh_a[@]}" 2>/dev/null
  IFS=$'\n'; for __smsh_v in @{__smsh_P[D]}; do
    [[ $__smsh_v =~ ^declare\ -[-a-zA-Z]+\ ([A-Za-z_][A-Za-z0-9_]*)$ ]] || continue
    case @{BASH_REMATCH[1]} in ${BASH_OWNED}|IFS) ;; *) builtin printf '%s\n' "$__smsh_v" ;; esac
  done; IFS=$' \t\n'
  for __smsh_t in @{__smsh_P[e]}; do
    case $__smsh_t in SSM_COMMAND_ID|AWS_SSM_*|__smsh_*|_|PWD|OLDPWD) ;; ${BASH_OWNED}) builtin echo "export $__smsh_t" ;; esac
  done
  for __smsh_t in ${FROM_ENV}; do [[ -n @{__smsh_ex[$__smsh_t]-} ]] || builtin echo "export -n $__smsh_t"; done
  builtin printf '%s\n' "@{__smsh_P[s]}"
  __smsh_a=()
  for __smsh_t in @{__smsh_P[f]}; do case $__smsh_t in __smsh_*|trap|exit) ;; *) __smsh_a+=("$__smsh_t") ;; esac; done
  (( @{#__smsh_a[@]} )) && builtin declare -f "@{__smsh_a[@]}"
  builtin printf '%s\n' "@{__smsh_P[F]}"
  alias -p
  IFS=$'\n'; for __smsh_v in @{__smsh_P[o]}; do
    case $__smsh_v in ${FLAG_OPTIONS}) ;; *) __smsh_o+=$__smsh_v$'\n' ;; esac
  done; IFS=$' \t\n'
  builtin printf '__smsh_opts=%q\n' "@{__smsh_o%$'\n'}"
  for __smsh_t in e u v x E T; do [[ $__smsh_f == *$__smsh_t* ]] && __smsh_fl+=$__smsh_t; done
  builtin printf '__smsh_flags=%s\n' "$__smsh_fl"
  if [[ -n @{__smsh_pending-} ]]; then __smsh_v=@{__smsh_traps-}; else __smsh_theirs "@{__smsh_P[t]}" "DEBUG ERR RETURN"; __smsh_v=$__smsh_T; fi
  [[ -n $__smsh_v ]] && builtin printf '__smsh_traps=%q\n' "$__smsh_v"
  [[ -n @{__smsh_ux+x} ]] && builtin printf '__smsh_ux=%q\n' "$__smsh_ux"
  builtin printf '__smsh_cwd=%q\n' "$PWD"
  [[ -n @{OLDPWD-} ]] && builtin printf '__smsh_op=%q\n' "$OLDPWD"
  (( @{#DIRSTACK[@]} > 1 )) && { builtin printf '__smsh_ds=('; for (( __smsh_t = @{#DIRSTACK[@]} - 1; __smsh_t > 0; __smsh_t-- )); do builtin printf '%q ' "@{DIRSTACK[__smsh_t]}"; done; builtin echo ')'; }
  (( @{#__smsh_pa[@]} )) && { builtin printf '__smsh_av=('; builtin printf '%q ' "@{__smsh_pa[@]}"; builtin echo ')'; }
  [[ -n @{EPOCHSECONDS-} ]] && builtin printf '__smsh_sec=%s\n' "$(( EPOCHSECONDS - SECONDS ))"
  builtin printf '__smsh_env=%s\n' "@{__smsh_env:--}"
  __smsh_limits S "@{__smsh_P[S]}"; __smsh_limits H "@{__smsh_P[H]}"; __smsh_limits S "@{__smsh_P[S]}"
  builtin printf 'umask %s\n# smsh-state-end\n' "@{__smsh_P[u]//$'\n'/}"
}
__smsh_limits() {
  local l o= IFS=$'\n'
  for l in $2; do
    [[ $l =~ -([a-zA-Z])\)\ +([0-9a-z]+)$ ]] && [[ @{BASH_REMATCH[1]} != p ]] && o+=" -@{BASH_REMATCH[1]} @{BASH_REMATCH[2]}"
  done
  [[ -n $o ]] && builtin echo "ulimit -$1$o"
}
`;
