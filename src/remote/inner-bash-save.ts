import { sh } from './sh-template.js';

// Variables whose value bash owns, or that smsh restores its own way: never written with
// `declare -p`. PIPESTATUS and `_` come back through the `#R` line, DIRSTACK through pushd,
// SECONDS from its start time, PWD and OLDPWD through cd; SSM sets SSM_COMMAND_ID and
// AWS_SSM_* for every line. Their export flag is kept all the same (see EXPORT_ONLY).
const BASH_OWNED =
  'BASH|BASHOPTS|BASHPID|BASH_ALIASES|BASH_ARGC|BASH_ARGV|BASH_CMDS|BASH_COMMAND|BASH_EXECUTION_STRING|' +
  'BASH_LINENO|BASH_SOURCE|BASH_SUBSHELL|BASH_VERSINFO|BASH_VERSION|BASH_MONOSECONDS|BASH_TRAPSIG|' +
  'EUID|PPID|UID|SHELLOPTS|GROUPS|FUNCNAME|DIRSTACK|HISTCMD|LINENO|RANDOM|SRANDOM|SECONDS|' +
  'EPOCHREALTIME|EPOCHSECONDS|PIPESTATUS|_|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__S_*';

// Variables the line's shell finds in its environment: one the user un-exported must be
// un-exported again, or `export -n PATH` would not last.
const FROM_ENV = 'HOME USER LOGNAME PATH SHLVL PWD OLDPWD';

// Options kept as flags (see __S_on), not with `set -o`: errexit and xtrace must be switched
// on last, and the others would disturb the save itself. emacs and vi are left out: line editing
// is smsh's own, and either one crashes bash 5.2 started with -i -c and no terminal.
const FLAG_OPTIONS = ['errexit', 'nounset', 'verbose', 'xtrace', 'errtrace', 'functrace', 'emacs', 'vi'].map((o) => `*' ${o}'`).join('|');

/**
 * `__S_rtext S LAST PIPESTATUS…` sets `__S_R` to the command that gives the next line `$?`
 * S, `$_` LAST and, where it can, PIPESTATUS: `__S_k N LAST` (a function: no process), a
 * pipeline of them for a PIPESTATUS of several, `!` where `$?` was inverted. A failing status is followed by `&& :`, so neither `set -e` nor an ERR trap
 * takes it for a failure of the user's.
 */
const RTEXT = sh`__S_rtext() {
  local s=$1 L n st=0 x c pipe=
  builtin printf -v L %q "$2"; shift 2; n=$#
  __S_cmd() { c="__S_k $1"; }
  if (( n <= 1 )); then
    x=@{1:-$s}; __S_cmd "$x"
    if (( s == x )); then __S_R="$c $L"; elif (( s == !x )); then __S_R="! $c $L"; else __S_cmd "$s"; __S_R="$c $L"; fi
    (( s )) && __S_R+=" && :"
    return
  fi
  for x; do __S_cmd "$x"; pipe+="@{pipe:+ | }$c"; if [[ -o pipefail ]]; then (( x )) && st=$x; else st=$x; fi; done
  if (( s == st )); then __S_R="__S_k 0 $L; $pipe"; elif (( s == !st )); then __S_R="__S_k 0 $L; ! $pipe"; else __S_cmd "$s"; __S_R="$c $L"; fi
  (( s )) && __S_R+=" && :"
}
`;

// The cwd travels hex-encoded on the state's first line: a directory name with a newline can
// never become a command, and the run script copies the word to its frame as it is. A short
// path of plain ASCII characters is encoded by printf with no process; any other path by od.
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-';
const CWD_LINE = sh`local __S_h= __S_i __S_c
    case $PWD in *[!${PLAIN}]*) ;; *) if (( @{#PWD} <= 128 )); then
      for (( __S_i = 0; __S_i < @{#PWD}; __S_i++ )); do builtin printf -v __S_c %02x "'@{PWD:__S_i:1}"; __S_h+=$__S_c; done
    fi ;; esac
    if [[ -n $__S_h ]]; then builtin printf "#cwd:hex:%s\n" "$__S_h"
    else builtin printf "#cwd:hex:"; builtin printf "%s" "$PWD" | od -An -v -tx1 | tr -d ' \n'; builtin echo; fi`;

/** What the EXIT trap lists in one command substitution (the only process of the save), at top level: inside a function bash hides the ERR, DEBUG and RETURN traps. */
export const BASH_CAPTURE =
  'compgen -v;echo @e;compgen -e;echo @f;compgen -A function;echo @F;declare -Fx;echo @s;shopt -p;echo @o;set +o;' +
  'echo @t;builtin trap -p;echo @u;umask;echo @S;ulimit -Sa;echo @H;ulimit -Ha;echo @D;declare -p';

/**
 * `__S_save` writes the state to stdout (fd 9), from its caller's locals: `__S_s` (`$?`),
 * `__S_l` (`$_`), `__S_f` (`$-`), `__S_ps` (PIPESTATUS), `__S_pa` (the positional
 * parameters) and `__S_x` (what BASH_CAPTURE listed). Variables are written with
 * `declare -p` (any bytes, arrays, attributes), shopt before the functions (a function using
 * extglob patterns is parsed again at the next line), and smsh's own names are left out.
 */
export const BASH_SAVE = sh`${RTEXT}__S_own() { case $1 in ${BASH_OWNED}|IFS) return 0 ;; esac; return 1; }
__S_save() {
  { ${CWD_LINE}; }
  local __S_R; __S_rtext "$__S_s" "$__S_l" "@{__S_ps[@]}"
  builtin printf "#R%s:%s\n" "@{__S_env/-/}" "$__S_R"
  builtin declare -p IFS 2>/dev/null
  local IFS=$' \t\n' __S_r __S_t __S_v __S_a=() __S_o= __S_fl=
  local -A __S_ex=() __S_P=()
  shopt -u nocasematch; set -f
  __S_r=$'\n'$__S_x$'\n' __S_v=v
  for __S_t in e f F s o t u S H D; do
    __S_P[$__S_v]=@{__S_r%%$'\n'"@$__S_t"$'\n'*}; __S_r=@{__S_r#*$'\n'"@$__S_t"}; __S_v=$__S_t
  done
  __S_P[D]=$__S_r
  for __S_t in @{__S_P[e]}; do __S_ex[$__S_t]=1; done
  for __S_t in @{__S_P[v]}; do
    __S_own "$__S_t" || __S_a+=("$__S_t")
  done
  (( @{#__S_a[@]} )) && builtin declare -p "@{__S_a[@]}" 2>/dev/null
  IFS=$'\n'; for __S_v in @{__S_P[D]}; do
    [[ $__S_v =~ ^declare\ -[-a-zA-Z]+\ ([A-Za-z_][A-Za-z0-9_]*)$ ]] || continue
    __S_own "@{BASH_REMATCH[1]}" || builtin printf "%s\n" "$__S_v"
  done; IFS=$' \t\n'
  for __S_t in @{__S_P[e]}; do
    case $__S_t in SSM_COMMAND_ID|AWS_SSM_*|__S_*|_|PWD|OLDPWD|IFS) ;; *) __S_own "$__S_t" && echo "export $__S_t" ;; esac
  done
  for __S_t in ${FROM_ENV}; do [[ -n @{__S_ex[$__S_t]-} ]] || echo "export -n $__S_t"; done
  builtin printf "%s\n" "@{__S_P[s]}"
  __S_a=()
  for __S_t in @{__S_P[f]}; do case $__S_t in __S_*|trap|exit) ;; *) __S_a+=("$__S_t") ;; esac; done
  (( @{#__S_a[@]} )) && builtin declare -f "@{__S_a[@]}"
  builtin printf "%s\n" "@{__S_P[F]}"
  alias -p
  IFS=$'\n'; for __S_v in @{__S_P[o]}; do
    case $__S_v in ${FLAG_OPTIONS}) ;; *) __S_o+=$__S_v$'\n' ;; esac
  done; IFS=$' \t\n'
  builtin printf "__S_opts=%q\n" "@{__S_o%$'\n'}"
  for __S_t in e u v x E T; do [[ $__S_f == *$__S_t* ]] && __S_fl+=$__S_t; done
  builtin printf "__S_flags=%s\n" "$__S_fl"
  if [[ -n @{__S_pending-} ]]; then __S_v=@{__S_traps-}; else __S_theirs "@{__S_P[t]}" "DEBUG ERR RETURN"; __S_v=$__S_T; fi
  [[ -n $__S_v ]] && builtin printf "__S_traps=%q\n" "$__S_v"
  [[ -n @{__S_ux+x} ]] && builtin printf "__S_ux=%q\n" "$__S_ux"
  builtin printf "__S_cwd=%q\n" "$PWD"
  [[ -n @{OLDPWD-} ]] && builtin printf "__S_op=%q\n" "$OLDPWD"
  (( @{#DIRSTACK[@]} > 1 )) && { builtin printf "__S_ds=("; for (( __S_t = @{#DIRSTACK[@]} - 1; __S_t > 0; __S_t-- )); do builtin printf "%q " "@{DIRSTACK[__S_t]}"; done; echo ')'; }
  (( @{#__S_pa[@]} )) && { builtin printf "__S_av=("; builtin printf "%q " "@{__S_pa[@]}"; echo ')'; }
  [[ -n @{EPOCHSECONDS-} ]] && builtin printf "__S_sec=%s\n" "$(( EPOCHSECONDS - SECONDS ))"
  builtin printf "__S_env=%s\n" "@{__S_env:--}"
  __S_limits S "@{__S_P[S]}"; __S_limits H "@{__S_P[H]}"; __S_limits S "@{__S_P[S]}"
  builtin printf "umask %s\n# smsh-state-end\n" "@{__S_P[u]//$'\n'/}"
}
__S_limits() {
  local l o= IFS=$'\n'
  for l in $2; do
    [[ $l =~ -([a-zA-Z])\)\ +([0-9a-z]+)$ ]] && [[ @{BASH_REMATCH[1]} != p ]] && o+=" -@{BASH_REMATCH[1]} @{BASH_REMATCH[2]}"
  done
  [[ -n $o ]] && echo "ulimit -$1$o"
}
`;
