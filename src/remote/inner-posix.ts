import { shQuote } from './shell-quote.js';
import { sh } from './sh-template.js';

// Variables the shell owns or smsh sets per command: never saved.
const POSIX_SKIP = 'PPID|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__S_*|LINENO|IFS';

// smsh's own traps; listings leave them out by their exact text.
const EXIT_ACTION = '{ __S_exit "$?" "$-" "$#" "$@"; } 6>&2 2>/dev/null';
const TERM_ACTION = 'exit 143';
const HUP_ACTION = 'exit 129';

// dash prints `ulimit -a` by name (`nofiles  1024`), busybox by flag (`-n: file descriptors  1024`).
const ULIMIT_NAMES = sh`time*) f=t ;; file*) f=f ;; data*) f=d ;; stack*) f=s ;; coredump*) f=c ;; memory*) f=m ;;
    locked*) f=l ;; process*) f=p ;; nofiles*) f=n ;; vmemory*) f=v ;; locks*) f=w ;; rtprio*) f=r ;; -?:*) f=@{l%%:*}; f=@{f#-} ;;`;

/**
 * The POSIX flavour's save (dash, ash): the EXIT trap calls `__S_exit STATUS FLAGS ARGC ARGS…`.
 * Variables come from `set` and `export -p`, each value quoted by smsh; aliases, options (errexit,
 * nounset, verbose and xtrace as flags), traps, the EXIT trap kept for the user, the cwd,
 * OLDPWD, the positional parameters, ulimit and umask. sh cannot list functions, so they are
 * not kept.
 */
const POSIX_SAVE = sh`__S_q() {
  case $1 in *\'*) printf "'"; printf "%s" "$1" | sed "s/'/'\\\\''/g"; printf "'" ;; *) printf "'%s'" "$1" ;; esac
}
__S_limits() {
  while IFS= read -r l; do
    f=; case $l in ${ULIMIT_NAMES} esac
    [ -n "$f" ] && [ "$f" != p ] && printf "ulimit -%s -%s %s\n" "$1" "$f" "@{l##* }"
  done <<EOF
$2
EOF
}
__S_exit() {
  __S_s=$1 __S_f=$2 __S_n=$3; shift 3; set +eux; set +v; ulimit -S -f unlimited 2>/dev/null
  if [ -n "@{__S_pending-}" ]; then __S_f=@{__S_flags-}; eval "set -- @{__S_av-}"; __S_n=$#; fi
  __S_u=@{IFS+x}; __S_i=$IFS; IFS=$(printf " \t\n_"); IFS=@{IFS%_}
  { printf "#cwd:hex:"; printf "%s" "$PWD" | od -An -v -tx1 | tr -d ' \n'; echo
    printf "#R%s:" "@{__S_env%-}"; if [ "$__S_s" = 0 ]; then echo '__S_k 0'; else echo "__S_k $__S_s && :"; fi
    if [ -n "$__S_u" ]; then printf "IFS="; __S_q "$__S_i"; echo; else echo 'unset IFS'; fi
    for __S_v in $(set | LC_ALL=C sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
      case $__S_v in ${POSIX_SKIP}) continue ;; esac
      eval "__S_w=\@{$__S_v}"; printf "%s=" "$__S_v"; __S_q "$__S_w"; echo
    done
    for __S_v in $(export -p | LC_ALL=C sed -n 's/^export \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p'); do
      case $__S_v in ${POSIX_SKIP}) continue ;; esac
      printf "export %s\n" "$__S_v"
    done
    for __S_v in $(readonly -p | LC_ALL=C sed -n 's/^readonly \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p'); do
      case $__S_v in ${POSIX_SKIP}) continue ;; esac
      printf "readonly %s\n" "$__S_v"
    done
    alias | sed -e '/^trap=/d' -e 's/^/alias /'
    printf "__S_opts="; __S_q "$(set +o | grep -v ' \(errexit\|nounset\|verbose\|xtrace\|interactive\|stdin\)$')"; echo
    __S_v=; for __S_w in e u v x; do case $__S_f in *$__S_w*) __S_v=$__S_v$__S_w ;; esac; done
    echo "__S_flags=$__S_v"
    __S_v=@{__S_tr-}; [ -n "@{__S_pending-}" ] && __S_v=@{__S_traps-}
    [ -n "$__S_v" ] && { printf "__S_traps="; __S_q "$__S_v"; echo; }
    [ -n "@{__S_ux+x}" ] && { printf "__S_ux="; __S_q "$__S_ux"; echo; }
    printf "__S_cwd="; __S_q "$PWD"; echo
    [ -n "@{OLDPWD-}" ] && { printf "__S_op="; __S_q "$OLDPWD"; echo; }
    __S_w=; for __S_v; do [ "$__S_n" -gt 0 ] && __S_w="$__S_w $(__S_q "$__S_v")"; __S_n=$((__S_n - 1)); done
    printf "__S_av="; __S_q "$__S_w"; echo
    echo "__S_env=@{__S_env:--} __S_oi=@{OPTIND-1}"
    __S_v=$(ulimit -Sa; echo '#'; ulimit -Ha)
    __S_limits S "@{__S_v%%#*}"; __S_limits H "@{__S_v#*#}"; __S_limits S "@{__S_v%%#*}"
    printf "umask %s\n# smsh-state-end\n" "$(umask)"
  } >&9
}
`;

/**
 * The `trap` the user's line calls (an alias: dash will not name a function after a special
 * builtin). An EXIT trap of the line's own shell is kept in `__S_ux` and never run at the end
 * of a line; in a subshell (its parent pid is not `$$`, asked of a child) EXIT is the builtin's.
 * dash cannot list the traps from a command substitution, so the others are also recorded in
 * `__S_tr` as they are set, and listed and saved from there.
 */
const POSIX_TRAP = sh`__S_trap() {
  if [ $# = 0 ]; then
    [ -n "@{__S_ux+x}" ] && { printf "trap -- "; __S_q "$__S_ux"; echo ' EXIT'; }
    printf "%s" "@{__S_tr-}"; return 0
  fi
  [ "$1" = -- ] && shift
  if [ $# = 1 ]; then __S_a=-; else __S_a=$1; shift; fi
  __S_m=; case " $* " in *' EXIT '*|*' 0 '*) [ "$(exec sh -c 'echo $PPID')" = $$ ] && __S_m=1 ;; esac
  for __S_s; do
    case $__S_m$__S_s in 1EXIT|10) if [ "$__S_a" = - ]; then unset __S_ux; else __S_ux=$__S_a; fi; continue ;; esac
    command trap -- "$__S_a" "$__S_s" || return
    __S_s=@{__S_s#SIG}; __S_w=
    while IFS= read -r __S_v; do case $__S_v in ''|*" $__S_s") ;; *) __S_w="$__S_w$__S_v
" ;; esac; done <<EOF
@{__S_tr-}
EOF
    [ "$__S_a" = - ] || __S_w="$__S_w$(printf "trap -- "; __S_q "$__S_a"; echo " $__S_s")
"
    __S_tr=$__S_w
  done
}
`;

/** Restores what must happen inside the shell, as the bash flavour's __S_go and __S_on do (see inner-bash.ts). */
const POSIX_GO = sh`__S_go() {
  trap ${shQuote(EXIT_ACTION)} EXIT; trap ${shQuote(TERM_ACTION)} TERM; trap ${shQuote(HUP_ACTION)} HUP
  [ -n "@{__S_opts-}" ] && eval "$__S_opts" 2>/dev/null
  [ -n "@{__S_t-}" ] && exit "$__S_t"
  if [ -n "@{__S_cwd+x}" ] && ! cd -- "$__S_cwd" 2>/dev/null; then __S_gone "$1"; fi
  [ -n "@{__S_op+x}" ] && OLDPWD=$__S_op
  [ -n "@{__S_env-}" ] || { env --default-signal=INT true >/dev/null 2>&1 && __S_env=d || __S_env=-; }
  unset __S_opts __S_cwd __S_op
}
__S_gone() {
  __S_d=@{TMPDIR:-/tmp}/.smsh-gone.$$
  if { [ "$1" = cd ] || [ -e "$__S_cwd" ]; } && mkdir -m 700 "$__S_d" 2>/dev/null && cd "$__S_d" 2>/dev/null; then
    rmdir "$__S_d" 2>/dev/null; PWD=$__S_cwd; return
  fi
  printf "smsh: %s: No such file or directory: the line was not run (cd to a directory that exists)\n" "$__S_cwd" >&2
  PWD=$__S_cwd; exit 1
}
__S_on() {
  [ -n "@{__S_traps-}" ] && { __S_tr=$__S_traps; eval "$__S_traps" 2>/dev/null; }
  alias trap=__S_trap
  __S_f=@{__S_flags-}; unset __S_av __S_traps __S_flags __S_pending __S_t __S_oi
  case $__S_f in *u*) set -u ;; esac; case $__S_f in *v*) set -v ;; esac
  case $__S_f in *e*) set -e ;; esac; case $__S_f in *x*) set -x ;; esac
}
`;

/** Stage two of the POSIX flavour: `sh -c '<this><#R command>\n<the line>'`, as BASH_STAGE2 (but not interactive: dash's messages are the same either way). */
export const POSIX_STAGE2 = sh`exec 2>&7 7>&-
trap '__S_t=143' TERM; trap '__S_t=129' HUP; [ -n "$1" ] && __S_t=$1
__S_state="$2
$(cat <&4)"; exec 4<&-; __S_pending=1
__S_k() { return "$1"; }
${POSIX_SAVE}${POSIX_TRAP}${POSIX_GO}eval "$__S_state" >/dev/null 2>/dev/null; unset __S_state; __S_go "$3"; eval "set -- @{__S_av-}"; OPTIND=@{__S_oi:-1}; __S_on; `;

/**
 * Stage one of the POSIX flavour (`sh -c <this> sh`), as BASH_INNER: reads the line and the
 * state's first two lines, and execs stage two with the line appended to its program. sh has
 * no BASH_EXECUTION_STRING: stage two travels in a quoted here-document (no quoting to pay for).
 */
export const POSIX_INNER = sh`trap '__S_t=143' TERM; trap '__S_t=129' HUP
__S_l=$(cat <&3); exec 3<&-; __S_c= __S_r= __S_g=
IFS= read -r __S_c <&4
case $__S_c in '#cwd:'*) __S_c=; IFS= read -r __S_c <&4
  case $__S_c in '#R'*:*) __S_g=@{__S_c%%:*}; __S_r=@{__S_c#*:}; __S_c= ;; esac ;; esac
__S_w=@{__S_l#"@{__S_l%%[![:space:]]*}"}
case $__S_w in ''|cd|pushd|popd|cd[[:space:]\;\&\|]*) __S_w=cd ;; *) __S_w= ;; esac
__S_p=$(cat <<'#@P'
${POSIX_STAGE2}
#@P
)"{ @{__S_r:-:}; } 2>/dev/null"
exec 7>&2
if [ @{#__S_l} -lt 100000 ]; then
  case $__S_g in *d*) set -- env --default-signal=INT,QUIT sh ;; *) set -- sh ;; esac
  exec "$@" -c "$__S_p
$__S_l
" sh "@{__S_t-}" "$__S_c" "$__S_w"
fi
set -- "@{__S_t-}" "$__S_c" "$__S_w"
eval "$__S_p; eval \"\$__S_l\""
exit`;
