/**
 * How a run script or a reader waits on the instance for something to report, sharing the SSM
 * agent's five command workers politely. POSIX sh, builtins on every tick (one `sleep`): only a
 * size check (one `wc`) every half second and when a file's mtime moves.
 *
 * - `smsh_pool`: sets `pw` (documents waiting in the agent's buffer for a worker) and `pc`
 *   (documents running) by counting the agent's own state files: the agent persists a document
 *   into `<data>/<instance>/document/state/pending/` when it is submitted and moves it to
 *   `state/current/` when a worker takes it (amazon-ssm-agent `framework/processor/processor.go`,
 *   `submit` and `processCommand`), and runs our script as `sh -c
 *   <data>/<instance>/document/orchestration/<command>/…/_script.sh`, so `$0` leads there. When
 *   `$0` is elsewhere (not run by the agent) both stay 0.
 * - `smsh_watch OUT ERR WAIT BATCH YIELD`: waits until the line ended (`why=end`), its stdout or
 *   stderr grew past OUT/ERR and BATCH hundredths passed since (`why=data`; lines that print and
 *   end at once come back whole; bytes past non-zero offsets already there at the first look return at once), the keeper (or, before it started, the run script) died
 *   without an exit code and no interrupt is settling it (`why=orphan`), another
 *   document waited for a worker on two looks in a row once YIELD hundredths passed (`why=busy`:
 *   we give our worker back rather than hold patching or another user's command behind us), or
 *   WAIT tenths passed (`why=wait`). Ticks are 50 ms for ten seconds (a line that ends is seen ~25 ms later on average), then 100 ms. `smsh_nap N`
 *   (hundredths) is how a tick waits; the run script replaces it to wake at once when the line
 *   ends.
 */
export const WATCH_LIB = `
SMSH_AS=; case $0 in */orchestration/*) SMSH_AS=\${0%/orchestration/*}/state ;; esac
smsh_pool() {
  pw=0 pc=0
  [ -n "$SMSH_AS" ] || return 0
  for _f in "$SMSH_AS"/pending/*; do [ -e "$_f" ] && pw=$((pw + 1)); done
  for _f in "$SMSH_AS"/current/*; do [ -e "$_f" ] && pc=$((pc + 1)); done
}
smsh_nap() { if [ "$1" = 5 ]; then sleep 0.05; else sleep 0.1; fi; }
smsh_alive() { _k=; [ -f "$1" ] || return 1; read -r _k <"$1"; [ -z "$_k" ] || kill -0 "$_k" 2>/dev/null; }
smsh_orphan() {
  [ -s "$C/rc" ] || [ -e "$C.cancel" ] && return 1
  if [ -f "$C/kpid" ]; then smsh_alive "$C/kpid" && return 1
  else [ -f "$C/opid" ] || return 1; smsh_alive "$C/opid" && return 1; fi
  [ ! -s "$C/rc" ]
}
smsh_grew() { if [ "$2" = 0 ]; then [ -s "$1" ]; else [ "$(smsh_size "$1")" -gt "$2" ]; fi; }
smsh_watch() {
  _t=0 _seen= _pwn=0 why= pw=0 pc=0 _mk=
  # From offset 0 a size check is a builtin test; past it, mtimes against a mark spare the forks.
  if [ "$1" != 0 ] || [ "$2" != 0 ]; then _mk="$C/.w$$"; : >"$_mk"; fi
  while :; do
    if [ -s "$C/rc" ]; then why=end; break; fi
    if [ -n "$_seen" ]; then
      if [ "$_t" -ge "$_seen" ]; then why=data; break; fi
    elif [ -z "$_mk" ] || [ $((_t % 50)) -lt 5 ] || [ "$C/out" -nt "$_mk" ] || [ "$C/err" -nt "$_mk" ]; then
      # Bytes already there when the watch began waited long enough: return them at once.
      if smsh_grew "$C/out" "$1" || smsh_grew "$C/err" "$2"; then if [ "$_t" = 0 ] && [ -n "$_mk" ]; then _seen=0; else _seen=$((_t + $4)); fi; continue; fi
      if smsh_orphan; then why=orphan; break; fi
    fi
    smsh_pool
    if [ "$pw" -gt 0 ]; then
      _pwn=$((_pwn + 1)); if [ "$_pwn" -ge 2 ] && [ "$_t" -ge "$5" ]; then why=busy; break; fi
    else _pwn=0; fi
    if [ "$_t" -ge $(($3 * 10)) ]; then why=wait; break; fi
    if [ "$_t" -lt 1000 ]; then smsh_nap 5; _t=$((_t + 5)); else smsh_nap 10; _t=$((_t + 10)); fi
  done
  [ -z "$_mk" ] || rm -f "$_mk"
}
`;
