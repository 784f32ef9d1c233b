import { shQuote } from './shell-quote.js';
import { sh } from './sh-template.js';

// Variables the shell owns or smsh sets per command: never saved.
const POSIX_SKIP = 'PPID|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__smsh_*|LINENO|IFS';

// smsh's own traps; listings leave them out by their exact text.
const EXIT_ACTION = '{ __smsh_exit "$?" "$-" "$#" "$@"; } 6>&2 2>/dev/null';
const TERM_ACTION = 'exit 143';
const HUP_ACTION = 'exit 129';

// dash prints `ulimit -a` by name (`nofiles  1024`), busybox by flag (`-n: file descriptors  1024`).
const ULIMIT_NAMES = sh`time*) f=t ;; file*) f=f ;; data*) f=d ;; stack*) f=s ;; coredump*) f=c ;; memory*) f=m ;;
    locked*) f=l ;; process*) f=p ;; nofiles*) f=n ;; vmemory*) f=v ;; locks*) f=w ;; rtprio*) f=r ;; -?:*) f=@{l%%:*}; f=@{f#-} ;;`;

/**
 * The POSIX flavour's save (dash, ash): the EXIT trap calls `__smsh_exit STATUS FLAGS ARGC ARGS…`.
 * Variables come from `set` and `export -p`, each value quoted by smsh; aliases, options (errexit,
 * nounset, verbose and xtrace as flags), traps, the EXIT trap kept for the user, the cwd,
 * OLDPWD, the positional parameters, ulimit and umask. sh cannot list functions, so they are
 * not kept.
 */
const POSIX_SAVE = sh`__smsh_q() {
  case $1 in *\'*) printf "'"; printf '%s' "$1" | sed "s/'/'\\\\''/g"; printf "'" ;; *) printf "'%s'" "$1" ;; esac
}
__smsh_limits() {
  while IFS= read -r l; do
    f=; case $l in ${ULIMIT_NAMES} esac
    [ -n "$f" ] && [ "$f" != p ] && printf 'ulimit -%s -%s %s\n' "$1" "$f" "@{l##* }"
  done <<EOF
$2
EOF
}
__smsh_exit() {
  __smsh_s=$1 __smsh_f=$2 __smsh_n=$3; shift 3; set +eux; set +v; ulimit -S -f unlimited 2>/dev/null
  if [ -n "@{__smsh_pending-}" ]; then __smsh_f=@{__smsh_flags-}; eval "set -- @{__smsh_av-}"; __smsh_n=$#; fi
  __smsh_u=@{IFS+x}; __smsh_i=$IFS; IFS=$(printf ' \t\n_'); IFS=@{IFS%_}
  { printf '#cwd:hex:'; printf '%s' "$PWD" | od -An -v -tx1 | tr -d ' \n'; echo
    printf '#R%s:' "@{__smsh_env%-}"; if [ "$__smsh_s" = 0 ]; then echo '__smsh_k 0'; else echo "__smsh_k $__smsh_s && :"; fi
    if [ -n "$__smsh_u" ]; then printf 'IFS='; __smsh_q "$__smsh_i"; echo; else echo 'unset IFS'; fi
    for __smsh_v in $(set | LC_ALL=C sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
      case $__smsh_v in ${POSIX_SKIP}) continue ;; esac
      eval "__smsh_w=\@{$__smsh_v}"; printf '%s=' "$__smsh_v"; __smsh_q "$__smsh_w"; echo
    done
    for __smsh_v in $(export -p | LC_ALL=C sed -n 's/^export \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p'); do
      case $__smsh_v in ${POSIX_SKIP}) continue ;; esac
      printf 'export %s\n' "$__smsh_v"
    done
    for __smsh_v in $(readonly -p | LC_ALL=C sed -n 's/^readonly \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p'); do
      case $__smsh_v in ${POSIX_SKIP}) continue ;; esac
      printf 'readonly %s\n' "$__smsh_v"
    done
    alias | sed -e '/^trap=/d' -e 's/^/alias /'
    printf '__smsh_opts='; __smsh_q "$(set +o | grep -v ' \(errexit\|nounset\|verbose\|xtrace\|interactive\|stdin\)$')"; echo
    __smsh_v=; for __smsh_w in e u v x; do case $__smsh_f in *$__smsh_w*) __smsh_v=$__smsh_v$__smsh_w ;; esac; done
    echo "__smsh_flags=$__smsh_v"
    __smsh_v=@{__smsh_tr-}; [ -n "@{__smsh_pending-}" ] && __smsh_v=@{__smsh_traps-}
    [ -n "$__smsh_v" ] && { printf '__smsh_traps='; __smsh_q "$__smsh_v"; echo; }
    [ -n "@{__smsh_ux+x}" ] && { printf '__smsh_ux='; __smsh_q "$__smsh_ux"; echo; }
    printf '__smsh_cwd='; __smsh_q "$PWD"; echo
    [ -n "@{OLDPWD-}" ] && { printf '__smsh_op='; __smsh_q "$OLDPWD"; echo; }
    __smsh_w=; for __smsh_v; do [ "$__smsh_n" -gt 0 ] && __smsh_w="$__smsh_w $(__smsh_q "$__smsh_v")"; __smsh_n=$((__smsh_n - 1)); done
    printf '__smsh_av='; __smsh_q "$__smsh_w"; echo
    echo "__smsh_env=@{__smsh_env:--} __smsh_oi=@{OPTIND-1}"
    __smsh_v=$(ulimit -Sa; echo '#'; ulimit -Ha)
    __smsh_limits S "@{__smsh_v%%#*}"; __smsh_limits H "@{__smsh_v#*#}"; __smsh_limits S "@{__smsh_v%%#*}"
    printf 'umask %s\n# smsh-state-end\n' "$(umask)"
  } >&9
}
`;

/**
 * The `trap` the user's line calls (an alias: dash will not name a function after a special
 * builtin). An EXIT trap of the line's own shell is kept in `__smsh_ux` and never run at the end
 * of a line; in a subshell (its parent pid is not `$$`, asked of a child) EXIT is the builtin's.
 * dash cannot list the traps from a command substitution, so the others are also recorded in
 * `__smsh_tr` as they are set, and listed and saved from there.
 */
const POSIX_TRAP = sh`__smsh_trap() {
  if [ $# = 0 ]; then
    [ -n "@{__smsh_ux+x}" ] && { printf 'trap -- '; __smsh_q "$__smsh_ux"; echo ' EXIT'; }
    printf '%s' "@{__smsh_tr-}"; return 0
  fi
  [ "$1" = -- ] && shift
  if [ $# = 1 ]; then __smsh_a=-; else __smsh_a=$1; shift; fi
  __smsh_m=; case " $* " in *' EXIT '*|*' 0 '*) [ "$(exec sh -c 'echo $PPID')" = $$ ] && __smsh_m=1 ;; esac
  for __smsh_s; do
    case $__smsh_m$__smsh_s in 1EXIT|10) if [ "$__smsh_a" = - ]; then unset __smsh_ux; else __smsh_ux=$__smsh_a; fi; continue ;; esac
    command trap -- "$__smsh_a" "$__smsh_s" || return
    __smsh_s=@{__smsh_s#SIG}; __smsh_w=
    while IFS= read -r __smsh_v; do case $__smsh_v in ''|*" $__smsh_s") ;; *) __smsh_w="$__smsh_w$__smsh_v
" ;; esac; done <<EOF
@{__smsh_tr-}
EOF
    [ "$__smsh_a" = - ] || __smsh_w="$__smsh_w$(printf 'trap -- '; __smsh_q "$__smsh_a"; echo " $__smsh_s")
"
    __smsh_tr=$__smsh_w
  done
}
`;

/** Restores what must happen inside the shell, as the bash flavour's __smsh_go and __smsh_on do (see inner-bash.ts). */
const POSIX_GO = sh`__smsh_go() {
  trap ${shQuote(EXIT_ACTION)} EXIT; trap ${shQuote(TERM_ACTION)} TERM; trap ${shQuote(HUP_ACTION)} HUP
  [ -n "@{__smsh_opts-}" ] && eval "$__smsh_opts" 2>/dev/null
  [ -n "@{__smsh_t-}" ] && exit "$__smsh_t"
  if [ -n "@{__smsh_cwd+x}" ] && ! cd -- "$__smsh_cwd" 2>/dev/null; then __smsh_gone "$1"; fi
  [ -n "@{__smsh_op+x}" ] && OLDPWD=$__smsh_op
  [ -n "@{__smsh_env-}" ] || { env --default-signal=INT true >/dev/null 2>&1 && __smsh_env=d || __smsh_env=-; }
  unset __smsh_opts __smsh_cwd __smsh_op
}
__smsh_gone() {
  __smsh_d=@{TMPDIR:-/tmp}/.smsh-gone.$$
  if { [ "$1" = cd ] || [ -e "$__smsh_cwd" ]; } && mkdir -m 700 "$__smsh_d" 2>/dev/null && cd "$__smsh_d" 2>/dev/null; then
    rmdir "$__smsh_d" 2>/dev/null; PWD=$__smsh_cwd; return
  fi
  printf 'smsh: %s: No such file or directory: the line was not run (cd to a directory that exists)\n' "$__smsh_cwd" >&2
  PWD=$__smsh_cwd; exit 1
}
__smsh_on() {
  [ -n "@{__smsh_traps-}" ] && { __smsh_tr=$__smsh_traps; eval "$__smsh_traps" 2>/dev/null; }
  alias trap=__smsh_trap
  __smsh_f=@{__smsh_flags-}; unset __smsh_av __smsh_traps __smsh_flags __smsh_pending __smsh_t __smsh_oi
  case $__smsh_f in *u*) set -u ;; esac; case $__smsh_f in *v*) set -v ;; esac
  case $__smsh_f in *e*) set -e ;; esac; case $__smsh_f in *x*) set -x ;; esac
}
`;

/** Stage two of the POSIX flavour: `sh -c '<this><#R command>\n<the line>'`, as BASH_STAGE2 (but not interactive: dash's messages are the same either way). */
export const POSIX_STAGE2 = sh`exec 2>&7 7>&-
trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP; [ -n "$1" ] && __smsh_t=$1
__smsh_state="$2
$(cat <&4)"; exec 4<&-; __smsh_pending=1
__smsh_k() { return "$1"; }
${POSIX_SAVE}${POSIX_TRAP}${POSIX_GO}eval "$__smsh_state" >/dev/null 2>/dev/null; unset __smsh_state; __smsh_go "$3"; eval "set -- @{__smsh_av-}"; OPTIND=@{__smsh_oi:-1}; __smsh_on; `;

/**
 * Stage one of the POSIX flavour (`sh -c <this> sh`), as BASH_INNER: reads the line and the
 * state's first two lines, and execs stage two with the line appended to its program. sh has
 * no BASH_EXECUTION_STRING: stage two travels in a quoted here-document (no quoting to pay for).
 */
export const POSIX_INNER = sh`trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP
__smsh_l=$(cat <&3); exec 3<&-; __smsh_c= __smsh_r= __smsh_g=
IFS= read -r __smsh_c <&4
case $__smsh_c in '#cwd:'*) __smsh_c=; IFS= read -r __smsh_c <&4
  case $__smsh_c in '#R'*:*) __smsh_g=@{__smsh_c%%:*}; __smsh_r=@{__smsh_c#*:}; __smsh_c= ;; esac ;; esac
__smsh_w=@{__smsh_l#"@{__smsh_l%%[![:space:]]*}"}
case $__smsh_w in ''|cd|pushd|popd|cd[[:space:]\;\&\|]*) __smsh_w=cd ;; *) __smsh_w= ;; esac
__smsh_p=$(cat <<'#@P'
${POSIX_STAGE2}
#@P
)"{ @{__smsh_r:-:}; } 2>/dev/null"
exec 7>&2
if [ @{#__smsh_l} -lt 100000 ]; then
  case $__smsh_g in *d*) set -- env --default-signal=INT,QUIT sh ;; *) set -- sh ;; esac
  exec "$@" -c "$__smsh_p
$__smsh_l
" sh "@{__smsh_t-}" "$__smsh_c" "$__smsh_w"
fi
set -- "@{__smsh_t-}" "$__smsh_c" "$__smsh_w"
eval "$__smsh_p; eval \"\$__smsh_l\""
exit`;
