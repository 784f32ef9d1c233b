/**
 * Sets `SMSH_UID` (the effective uid, as `id -u` prints it) and `SMSH_UMASK` (as `umask` prints
 * it) from /proc/self/status with builtins only: no process is started, where `$(id -u)` costs a
 * fork and an exec. Falls back to `id -u` when /proc is unreadable; `SMSH_UMASK` is then empty.
 */
export const SELF_IDS = `SMSH_UID= SMSH_UMASK=
if [ -r /proc/self/status ]; then while read -r _sk _sa _sb _sr; do case $_sk in Umask:) SMSH_UMASK=$_sa ;; Uid:) SMSH_UID=$_sb; break ;; esac; done </proc/self/status; fi
[ -n "$SMSH_UID" ] || SMSH_UID=$(id -u)`;

/**
 * Where a session keeps its files on the instance: `/tmp/.smsh-<uid>/<session id>/`, private to
 * the executing user (0700). Every script recomputes it the same way, so the client never has
 * to know the remote uid.
 */
export const SPOOL_PRELUDE = (sessionId: string): string =>
  `${SELF_IDS}; SMSH_B="/tmp/.smsh-$SMSH_UID"; S="$SMSH_B/${sessionId}"`;

/** Session ids are 16 hex digits: unguessable enough for a private directory name, and safe in a path. */
export function isSessionId(value: string): boolean {
  return /^[0-9a-f]{16}$/.test(value);
}

/**
 * Kills a process tree on the instance: `smsh_pids P` lists every live (non-zombie) process in
 * session P or process group P, plus all their descendants, from /proc (so a child that moved to
 * another group still goes); `smsh_kill SIG P` signals them all. SIGTERM and SIGHUP spare the
 * runuser/su supervisor (it exits with its child, and would print "Session terminated" if signalled).
 * A TERM is held, not lost, by a process that ignored it: `smsh_kill TERM` notes which of the
 * tree ignored it (`_ign`), and `smsh_reterm`, called through the grace, sends it again to each
 * of them once it stops ignoring it. An interactive bash ignores SIGTERM from its start until
 * its first `trap … TERM`, so a TERM that lands while the line's shell starts would otherwise
 * vanish and the line be killed at the end of the grace (exit 137) instead of stopping as asked.
 * Linux only, like smsh.
 */
export const KILL_LIB = `
smsh_pids() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v L="$1" -v S="$2" '
    { s = $0; p = s; sub(/ .*/, "", p); n = s; sub(/^[^(]*\\(/, "", n); sub(/\\)[^)]*$/, "", n);
      sub(/.*\\) /, "", s); split(s, a, " ");
      if (a[1] == "Z") next; pp[p] = a[2]; cm[p] = n; if (a[3] == L || a[4] == L || p == L) m[p] = 1 }
    END { do { c = 0; for (p in pp) if (!(p in m) && (pp[p] in m)) { m[p] = 1; c = 1 } } while (c);
          for (p in m) if (S == "" || (cm[p] != "runuser" && cm[p] != "su")) print p }'
}
smsh_ignores() {
  _m=; while read -r _sk _sv; do [ "$_sk" = SigIgn: ] && { _m=$_sv; break; }; done 2>/dev/null <"/proc/$1/status"
  _m=\${_m#"\${_m%????}"}; [ -n "$_m" ] && [ $((0x$_m & 16384)) -ne 0 ]
}
smsh_reterm() {
  _r=; for _q in $_ign; do
    if ! kill -0 "$_q" 2>/dev/null; then :; elif smsh_ignores "$_q"; then _r="$_r $_q"; else kill -TERM "$_q" 2>/dev/null; fi
  done; _ign=$_r
}
smsh_kill() {
  _p=$(smsh_pids "$2" $([ "$1" != KILL ] && echo skip))
  [ -n "$_p" ] || return 1
  if [ "$1" = KILL ]; then kill -STOP $_p 2>/dev/null; fi
  kill -"$1" $_p 2>/dev/null; kill -CONT $_p 2>/dev/null
  if [ "$1" = TERM ]; then _ign=; for _q in $_p; do smsh_ignores "$_q" && _ign="$_ign $_q"; done; fi
  return 0
}
`;

/**
 * Creates the spool base and the session directory when missing, refusing a base that is a
 * symlink or not ours (another user could have made /tmp/.smsh-<uid> first). Exits 90 on failure.
 * Safe to run concurrently (stdin pieces go in parallel): a lost mkdir race is not an error.
 */
export const ENSURE_SESSION = `
[ -d "$SMSH_B" ] || mkdir -m 700 "$SMSH_B" 2>/dev/null
if [ -L "$SMSH_B" ] || [ ! -d "$SMSH_B" ] || [ ! -O "$SMSH_B" ]; then echo "smsh: $SMSH_B is not a private directory of ours" >&2; exit 90; fi
chmod 700 "$SMSH_B"
mkdir -m 700 "$S" 2>/dev/null || [ -d "$S" ] || exit 90
`;
