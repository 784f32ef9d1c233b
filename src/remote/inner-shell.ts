/**
 * The program the user's line runs in, one per shell flavour. It is started with a clean
 * environment and these descriptors, all opened by the outer script so a switched user needs no
 * access to the spool: 0 stdin, 1/2 the spool's out/err files, 3 the line, 4 the saved state,
 * 9 where the new state goes. It restores the state, runs the line with `eval` at top level (so
 * `cd`, `export`, aliases and functions behave as in an interactive shell) and saves the state on
 * EXIT, which also runs after `exit N` and after SIGTERM, so a failed or cancelled line keeps
 * the changes it made. A SIGTERM that arrives while the state is still being restored is held
 * until the EXIT trap is in place, so the state is never lost.
 */

// Variables the shell owns or smsh sets per command: never saved, never restored.
const BASH_SKIP =
  'BASH*|EUID|PPID|UID|SHELLOPTS|GROUPS|FUNCNAME|DIRSTACK|HISTCMD|LINENO|RANDOM|SECONDS|SRANDOM|' +
  'EPOCHREALTIME|EPOCHSECONDS|PIPESTATUS|COMP_WORDBREAKS|HOSTTYPE|MACHTYPE|OSTYPE|OPTIND|OPTARG|' +
  'SHLVL|_|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__smsh_*|COLUMNS|LINES';

const POSIX_SKIP = 'PPID|OPTIND|OPTARG|PWD|OLDPWD|SSM_COMMAND_ID|AWS_SSM_*|__smsh_*|LINENO';

/** The bash flavour: saves variables (exported or not, any bytes) with `declare -p`, functions, aliases, shopt and set options, cwd, OLDPWD, umask and `$?`. */
export const BASH_INNER = `trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP
__smsh_line=$(cat <&3); exec 3<&-
__smsh_state=$(cat <&4); exec 4<&-
eval "$__smsh_state" 5>&2 2>/dev/null
unset __smsh_state
__smsh_save() {
  set +x
  { printf '#cwd:%s\\n' "$PWD"
    local __smsh_n
    for __smsh_n in $(compgen -v); do
      case $__smsh_n in ${BASH_SKIP}) ;; *) declare -p "$__smsh_n" 2>/dev/null ;; esac
    done
    declare -f
    alias -p
    shopt -p | grep -v ' login_shell$'
    printf '%s\\n' "$__smsh_o"
    printf 'cd -- %q 2>&5 || cd\\n' "$PWD"
    [ -n "\${OLDPWD-}" ] && printf 'OLDPWD=%q\\n' "$OLDPWD"
    printf 'umask %s\\n__smsh_rc=%s\\n# smsh-state-end\\n' "$(umask)" "$1"
  } >&9
}
trap '__smsh_x=$?; __smsh_o=$(set +o); __smsh_save "$__smsh_x"' EXIT
trap 'exit 143' TERM
trap 'exit 129' HUP
[ -n "\${__smsh_t-}" ] && exit "$__smsh_t"
__smsh_rc=\${__smsh_rc:-0}
__smsh_setrc() { return "$1"; }
__smsh_setrc "$__smsh_rc"
eval "$__smsh_line"
`;

/** The POSIX sh flavour (dash, ash): variables with `set`/`export -p`, aliases, options, cwd, umask; sh cannot list functions, so they are not kept. */
export const POSIX_INNER = `trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP
__smsh_line=$(cat <&3); exec 3<&-
__smsh_state=$(cat <&4); exec 4<&-
eval "$__smsh_state" 5>&2 2>/dev/null
unset __smsh_state
__smsh_q() { printf "'"; printf '%s' "$1" | sed "s/'/'\\\\\\\\''/g"; printf "'"; }
__smsh_save() {
  unset __smsh_line
  { printf '#cwd:%s\\n' "$PWD"
    for __smsh_n in $(set | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'); do
      case $__smsh_n in ${POSIX_SKIP}) continue ;; esac
      eval "__smsh_v=\\\${$__smsh_n}"; printf '%s=' "$__smsh_n"; __smsh_q "$__smsh_v"; echo
    done
    for __smsh_n in $(export -p | sed -n 's/^export \\([A-Za-z_][A-Za-z0-9_]*\\).*/\\1/p'); do
      case $__smsh_n in ${POSIX_SKIP}) continue ;; esac
      printf 'export %s\\n' "$__smsh_n"
    done
    alias | sed 's/^/alias /'
    printf '%s\\n' "$2"
    printf 'cd -- '; __smsh_q "$PWD"; printf ' 2>&5 || cd\\n'
    [ -n "\${OLDPWD-}" ] && { printf 'OLDPWD='; __smsh_q "$OLDPWD"; echo; }
    printf 'umask %s\\n__smsh_rc=%s\\n# smsh-state-end\\n' "$(umask)" "$1"
  } >&9
}
trap '__smsh_x=$?; __smsh_save "$__smsh_x" "$(set +o)"' EXIT
trap 'exit 143' TERM
trap 'exit 129' HUP
[ -n "\${__smsh_t-}" ] && exit "$__smsh_t"
__smsh_setrc() { return "$1"; }
__smsh_setrc "\${__smsh_rc:-0}"
eval "$__smsh_line"
`;
