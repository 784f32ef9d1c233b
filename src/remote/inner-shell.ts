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

/**
 * Lines shared by both flavours after the state is restored: a held signal exits now (saving the
 * restored state); shell options apply, then `$?` is set to the previous line's exit code (with
 * errexit on, `$?` starts at 0, since setting it would end the shell); xtrace is switched on inside
 * the eval, so `set -x` traces the user's line and nothing of smsh's.
 */
const RUN_LINE = `[ -n "\${__smsh_t-}" ] && exit "$__smsh_t"
eval "\${__smsh_opts-}" 2>/dev/null
__smsh_setrc() { return "$1"; }
if [ "\${__smsh_e-}" = 1 ]; then set -e; else __smsh_setrc "\${__smsh_rc:-0}"; fi
if [ "\${__smsh_xf-}" = 1 ]; then eval "set -x; $__smsh_line"; else eval "$__smsh_line"; fi
`;

// Restores the saved state: its output is discarded (a user's cd function must not print at
// every line), its errors too, but fd 5 keeps the real stderr for the one message that matters.
const EVAL_STATE = `eval "$__smsh_state" 5>&2 >/dev/null 2>/dev/null
unset __smsh_state
`;
const RESTORE = `trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP
__smsh_line=$(cat <&3); exec 3<&-
__smsh_state=$(cat <&4); exec 4<&-
${EVAL_STATE}`;

// Bash 5.1 and later read a regular file with `read -N` in blocks, so the line and the state are
// read without a process (`$(cat)` costs a fork and an exec each). The result is the same: NUL
// bytes are dropped (without bash's warning) and the line loses its trailing newlines, as `$(…)`
// does; older bash reads byte by byte there, so it keeps `cat`.
const BASH_RESTORE = `trap '__smsh_t=143' TERM; trap '__smsh_t=129' HUP
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
  IFS= read -r -N 1000000000 __smsh_line <&3
  while [[ $__smsh_line == *$'\\n' ]]; do __smsh_line=\${__smsh_line%$'\\n'}; done
  IFS= read -r -N 1000000000 __smsh_state <&4
else
  __smsh_line=$(cat <&3); __smsh_state=$(cat <&4)
fi
exec 3<&- 4<&-
${EVAL_STATE}`;

// The EXIT trap: `$?` and the flags first, with xtrace off and its own trace discarded.
const EXIT_TRAP = `trap '{ __smsh_s=$? __smsh_f=$-; set +x; } 2>/dev/null; __smsh_save' EXIT
trap 'exit 143' TERM
trap 'exit 129' HUP
`;

// Shell options without errexit and xtrace, which are kept as flags (see RUN_LINE).
const OPTS = `set +o | grep -v ' errexit$\\| xtrace$'`;

// The cwd travels hex-encoded on the state's first line: a directory name with a newline can
// never become a command, and the run script copies the word to its frame as it is.
const CWD_LINE = `printf '#cwd:hex:'; printf '%s' "$PWD" | od -An -v -tx1 | tr -d ' \\n'; echo`;

// Bash's cwd line: a short path of plain ASCII characters (one byte each in any locale) is
// encoded by printf, one character at a time, with no process; any other path by CWD_LINE.
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-';
const BASH_CWD_LINE = `__smsh_h=
    case $PWD in *[!${PLAIN}]*) ;; *) if (( \${#PWD} <= 128 )); then
      for (( __smsh_i = 0; __smsh_i < \${#PWD}; __smsh_i++ )); do printf -v __smsh_c %02x "'\${PWD:__smsh_i:1}"; __smsh_h+=$__smsh_c; done
    fi ;; esac
    if [ -n "$__smsh_h" ]; then printf '#cwd:hex:%s\\n' "$__smsh_h"; else ${CWD_LINE}; fi`;

// The flags and the tail every state ends with; `command cd` bypasses a user's cd function.
const FLAGS = `case $__smsh_f in *e*) echo __smsh_e=1 ;; esac
    case $__smsh_f in *x*) echo __smsh_xf=1 ;; esac`;

/** The bash flavour: saves variables (exported or not, any bytes) with `declare -p`, functions, aliases, shopt and set options, cwd, OLDPWD, umask and `$?`. */
export const BASH_INNER = `${BASH_RESTORE}__smsh_save() {
  local __smsh_h __smsh_i __smsh_c
  { ${BASH_CWD_LINE}
    declare -p IFS 2>/dev/null
    local IFS=$' \\t\\n' __smsh_n __smsh_x __smsh_sh __smsh_so __smsh_um __smsh_a=()
    __smsh_x=$(compgen -v; echo '#'; shopt -p; echo '#'; set +o; echo '#'; umask)
    for __smsh_n in \${__smsh_x%%'#'*}; do
      case $__smsh_n in ${BASH_SKIP}|IFS) ;; *) __smsh_a+=("$__smsh_n") ;; esac
    done
    (( \${#__smsh_a[@]} )) && declare -p "\${__smsh_a[@]}" 2>/dev/null
    __smsh_x=\${__smsh_x#*$'\\n#\\n'}; __smsh_sh=$'\\n'\${__smsh_x%%$'\\n#\\n'*}$'\\n'
    __smsh_x=\${__smsh_x#*$'\\n#\\n'}; __smsh_so=$'\\n'\${__smsh_x%%$'\\n#\\n'*}$'\\n'
    __smsh_um=\${__smsh_x#*$'\\n#\\n'}
    __smsh_sh=\${__smsh_sh/$'\\nshopt -'[su]$' login_shell\\n'/$'\\n'}
    __smsh_so=\${__smsh_so/$'\\nset '[-+]$'o errexit\\n'/$'\\n'}; __smsh_so=\${__smsh_so/$'\\nset '[-+]$'o xtrace\\n'/$'\\n'}
    __smsh_so=\${__smsh_so#$'\\n'}
    declare -f
    alias -p
    printf '%s' "\${__smsh_sh#$'\\n'}"
    printf '__smsh_opts=%q\\n' "\${__smsh_so%$'\\n'}"
    ${FLAGS}
    printf 'command cd -- %q 2>&5 || command cd\\n' "$PWD"
    [ -n "\${OLDPWD-}" ] && printf 'OLDPWD=%q\\n' "$OLDPWD"
    printf 'command umask %s\\n__smsh_rc=%s\\n# smsh-state-end\\n' "$__smsh_um" "$__smsh_s"
  } >&9
}
${EXIT_TRAP}${RUN_LINE}`;

/** The POSIX sh flavour (dash, ash): variables with `set`/`export -p`, aliases, options, cwd, umask; sh cannot list functions, so they are not kept. */
export const POSIX_INNER = `${RESTORE}__smsh_q() {
  case $1 in *\\'*) printf "'"; printf '%s' "$1" | sed "s/'/'\\\\\\\\''/g"; printf "'" ;; *) printf "'%s'" "$1" ;; esac
}
__smsh_save() {
  unset __smsh_line
  __smsh_i=$IFS; IFS=$(printf ' \\t\\n_'); IFS=\${IFS%_}
  { ${CWD_LINE}
    printf 'IFS='; __smsh_q "$__smsh_i"; echo
    for __smsh_n in $(set | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'); do
      case $__smsh_n in ${POSIX_SKIP}|IFS) continue ;; esac
      eval "__smsh_v=\\\${$__smsh_n}"; printf '%s=' "$__smsh_n"; __smsh_q "$__smsh_v"; echo
    done
    for __smsh_n in $(export -p | sed -n 's/^export \\([A-Za-z_][A-Za-z0-9_]*\\).*/\\1/p'); do
      case $__smsh_n in ${POSIX_SKIP}) continue ;; esac
      printf 'export %s\\n' "$__smsh_n"
    done
    alias | sed 's/^/alias /'
    printf '__smsh_opts='; __smsh_q "$(${OPTS})"; echo
    ${FLAGS}
    printf 'command cd -- '; __smsh_q "$PWD"; printf ' 2>&5 || command cd\\n'
    [ -n "\${OLDPWD-}" ] && { printf 'OLDPWD='; __smsh_q "$OLDPWD"; echo; }
    printf 'command umask %s\\n__smsh_rc=%s\\n# smsh-state-end\\n' "$(umask)" "$__smsh_s"
  } >&9
}
${EXIT_TRAP}${RUN_LINE}`;
