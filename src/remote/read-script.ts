import { SH_LIB } from './sh-lib.js';
import { SPOOL_PRELUDE } from './spool.js';

/** Where a reader starts and how long it may wait. */
export interface ReadScriptOptions {
  sessionId: string;
  seq: number;
  /** Byte offsets already delivered, per stream. */
  stdoutOffset: number;
  stderrOffset: number;
  /** Longest wait on the instance for new bytes, in tenths of a second (the long poll); 0 reads at once. */
  waitTenths: number;
  /** Characters of chunk data the frame may carry. */
  budget: number;
  /** The first raw chunk size to try, per stream. */
  maxChunk: number;
  /** Only stdout, from stdoutOffset, at most maxChunk bytes: a parallel range read. */
  rangeOnly?: boolean;
  /**
   * A range read may carry more bytes on stderr (capped at 8,000 characters beside stdout's
   * 24,000): up to `bytes` more from where the stdout chunk ended, in a `SMSH1 side` frame of at
   * most `budget` characters of data. Only with rangeOnly.
   */
  side?: { bytes: number; budget: number };
}

/** Characters of data a side frame on stderr may carry: the agent keeps 8,000 bytes of stderr, the frame's own lines need ~60. */
export const SIDE_BUDGET = 7_880;

/**
 * A reader: waits on the instance until the command's spool grows past the given offsets or the
 * command ends (a long poll, so an idle `tail -f` costs one round trip per wait, not per poll),
 * then prints the new bytes that fit the output cap. It checks mtimes with the shell's builtin
 * `test -nt` every 0.1 s and sizes every second, so waiting forks little. It never removes
 * anything: a retried reader must find the same bytes (the client removes finished spools).
 */
export function buildReadScript(o: ReadScriptOptions): string {
  const side = o.side
    ? `
r=$(( ${o.stdoutOffset + o.maxChunk + o.side.bytes} - SMSH_END ))
if [ "$r" -gt 0 ]; then { echo "SMSH1 side"; SMSH_USED=0; smsh_emit o "$C/out" "$SMSH_END" "$r" ${o.side.budget}; echo END; } >&2; fi`
    : '';
  const emit = o.rangeOnly
    ? `smsh_emit o "$C/out" ${o.stdoutOffset} ${o.maxChunk} $(( ${o.budget} - SMSH_USED ))${side}`
    : `po=$(( so - ${o.stdoutOffset} )); pe=$(( se - ${o.stderrOffset} ))
if [ "$po" -gt 0 ] && [ "$pe" -gt 0 ]; then bo=$(( (${o.budget} - SMSH_USED) * 3 / 4 )); else bo=$(( ${o.budget} - SMSH_USED )); fi
smsh_emit o "$C/out" ${o.stdoutOffset} ${o.maxChunk} "$bo"; oe=$SMSH_END
smsh_emit e "$C/err" ${o.stderrOffset} ${o.maxChunk} $(( ${o.budget} - SMSH_USED )); ee=$SMSH_END
if [ -n "$rc" ] && [ "$oe" = "$so" ] && [ "$ee" = "$se" ]; then echo "complete 1"; fi`;
  return `${SH_LIB}
${SPOOL_PRELUDE(o.sessionId)}; C="$S/${o.seq}"
i=0
while [ ! -d "$C" ]; do
  [ -d "$S" ] || { echo "SMSH1 nosession"; echo END; exit 0; }
  [ $i -ge 20 ] && { echo "SMSH1 nocmd"; echo END; exit 0; }
  sleep 0.1; i=$((i + 1))
done
: >"$C/streamed"; true 2>/dev/null >"$S/lease"; : >"$C/.mark"
i=0; rc=; orphan=
while :; do
  [ -e "$C/rc" ] && break
  if [ $((i % 10)) = 0 ] || [ "$C/out" -nt "$C/.mark" ] || [ "$C/err" -nt "$C/.mark" ]; then
    if [ "$(smsh_size "$C/out")" -gt ${o.stdoutOffset} ] || [ "$(smsh_size "$C/err")" -gt ${o.stderrOffset} ]; then
      [ $i -gt 0 ] && sleep 0.05
      break
    fi
    op=$(cat "$C/opid" 2>/dev/null); if [ -n "$op" ] && ! kill -0 "$op" 2>/dev/null; then [ -e "$C/rc" ] || orphan=1; break; fi
  fi
  [ $i -ge ${o.waitTenths} ] && break
  sleep 0.1; i=$((i + 1))
done
[ -e "$C/rc" ] && rc=$(cat "$C/rc")
so=$(smsh_size "$C/out"); se=$(smsh_size "$C/err")
echo "SMSH1 read"
cw=
[ -n "$rc" ] && { cw=$(cat "$C/cwd" 2>/dev/null); echo "rc $rc"; echo "cwd $cw"; }
[ -n "$orphan" ] && echo "orphan 1"
echo "size $so $se"
SMSH_USED=$(( \${#cw} + 200 ))
${emit}
echo END
`;
}
