/**
 * The POSIX sh helpers every smsh script on the instance starts with. They run under `sh`
 * (dash on Debian/Ubuntu), so nothing here may use bash features.
 *
 * - `smsh_fsize F`: F is a regular file with something in it (builtins only).
 * - `smsh_size F`: byte size of F (0 when missing or empty, without a process), via `wc -c` on
 *   stdin (fstat, no read).
 * - `smsh_read F OFF N`: N bytes of F from byte OFF (one process at offset 0).
 * - `smsh_enc F OFF N`: N bytes of F from byte OFF, compressed and encoded with the best helper
 *   the instance has; `$SMSH_OUT` names that encoding (bz64, gz64, b64 or hex). bzip2 is
 *   preferred: on log text it packs ~30 % more bytes than gzip into the capped output.
 *   `$SMSH_ENC` (gz64, b64 or hex) is what the instance can decode, for uploads.
 * - `smsh_emit TAG F OFF MAX BUDGET`: prints `TAG OFF N ENC DATA` for as many bytes from OFF as
 *   fit BUDGET characters once encoded (at most MAX), shrinking the chunk until it fits (chunks
 *   of 200 bytes or less are plain base64: compression would only add to them);
 *   `$SMSH_END` is then the offset after the last byte sent.
 * - `smsh_str S`: S as one word that any bytes survive in the frame: `raw:S` when S is only
 *   letters, digits and `/._-+@%,=:` (a path like /root or /var/log: no process), else `b64:…`
 *   or `hex:…`.
 */
export const SH_LIB = `
if command -v base64 >/dev/null 2>&1; then
  if command -v gzip >/dev/null 2>&1; then SMSH_ENC=gz64; else SMSH_ENC=b64; fi
else SMSH_ENC=hex; fi
SMSH_OUT=$SMSH_ENC; [ "$SMSH_ENC" != hex ] && command -v bzip2 >/dev/null 2>&1 && SMSH_OUT=bz64
smsh_fsize() { [ -f "$1" ] && [ -s "$1" ]; }
smsh_size() { if smsh_fsize "$1"; then _z=$(wc -c <"$1" 2>/dev/null); echo $(( \${_z:-0} )); else echo 0; fi; }
smsh_hex() { od -An -v -tx1 | tr -d ' \\n'; }
smsh_read() { if [ "$2" = 0 ]; then head -c "$3" "$1"; else tail -c +$(($2 + 1)) "$1" | head -c "$3"; fi; }
smsh_enc() {
  case \${4:-$SMSH_OUT} in
    bz64) smsh_read "$1" "$2" "$3" | bzip2 -9 -c | base64 | tr -d '\\n' ;;
    gz64) smsh_read "$1" "$2" "$3" | gzip -c | base64 | tr -d '\\n' ;;
    b64) smsh_read "$1" "$2" "$3" | base64 | tr -d '\\n' ;;
    *) smsh_read "$1" "$2" "$3" | smsh_hex ;;
  esac
}
smsh_str() {
  case $1 in *[!A-Za-z0-9/._+@%,=:-]*) ;; *) printf 'raw:%s' "$1"; return 0 ;; esac
  if [ "$SMSH_ENC" = hex ]; then printf 'hex:'; printf '%s' "$1" | smsh_hex
  else printf 'b64:'; printf '%s' "$1" | base64 | tr -d '\\n'; fi
}
smsh_emit() {
  _t=$1 _f=$2 _o=$3 _n=$4 _b=$5; SMSH_END=$3
  _a=$(( $(smsh_size "$_f") - _o ))
  [ "$_a" -gt 0 ] || return 0
  [ "$_n" -gt "$_a" ] && _n=$_a
  # A few bytes gain nothing from compression: plain base64 saves a process and characters.
  _e=$SMSH_OUT; [ "$_n" -le 200 ] && [ "$_e" != hex ] && _e=b64
  while :; do
    _d=$(smsh_enc "$_f" "$_o" "$_n" "$_e")
    _l=\${#_d}
    [ "$_l" -le "$_b" ] && break
    _m=$(( _n * _b / _l * 98 / 100 ))
    [ "$_m" -ge "$_n" ] && _m=$(( _n / 2 ))
    [ "$_m" -lt 1 ] && return 0
    _n=$_m
  done
  printf '%s %s %s %s %s\\n' "$_t" "$_o" "$_n" "$_e" "$_d"
  SMSH_USED=$(( SMSH_USED + _l )); SMSH_END=$(( _o + _n ))
}
`;
