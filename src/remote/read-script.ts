import { FrameError, parseFrames, type Frame } from './frame.js';
import { readLineReport, type LineReport } from './line-report.js';
import { SH_LIB } from './sh-lib.js';
import { SPOOL_PRELUDE } from './spool.js';
import { WATCH_LIB } from './watch-lib.js';

/** Where a reader starts and how long it may wait. */
export interface ReadScriptOptions {
  sessionId: string;
  seq: number;
  /** Byte offsets already delivered, per stream. */
  stdoutOffset: number;
  stderrOffset: number;
  /** Longest wait on the instance for new bytes, in tenths of a second (the long poll); 0 reads at once. */
  waitTenths: number;
  /** Once new bytes appeared, how much longer to wait for more, in hundredths. @default 5 */
  batchHundredths?: number;
  /** Characters of chunk data the frame may carry. */
  budget: number;
  /** The first raw chunk size to try, per stream. */
  maxChunk: number;
  /** Only stdout, from stdoutOffset, at most maxChunk bytes, without waiting: a parallel range read. */
  rangeOnly?: boolean;
  /**
   * A range read may carry more bytes on stderr (capped at 8,000 characters beside stdout's
   * 24,000): up to `bytes` more from where the stdout chunk ended, in a `SMSH1 side` frame of at
   * most `budget` characters of data. Only with rangeOnly.
   */
  side?: { bytes: number; budget: number };
  /**
   * Exit with the line's exit code when this reader sees the end, so the invocation that reports
   * it shows the line's real code in the SSM console and CloudTrail (never with rangeOnly: a
   * failure's message would be appended to the side frame's stderr).
   */
  exitWithCode?: boolean;
}

/** Characters of data a side frame on stderr may carry: the agent keeps 8,000 bytes of stderr, the frame's own lines need ~60. */
export const SIDE_BUDGET = 7_880;

/**
 * A reader: waits on the instance until the line's spool grows past the given offsets, the line
 * ends, or another document waits for one of the agent's workers (a long poll, so an idle
 * `tail -f` costs one SendCommand per wait, and gives its worker back to patching or another
 * user at once), then prints the new bytes that fit the output cap. It touches the session's
 * lease, which tells the keeper's watchdog the client is still there. It never removes anything:
 * a retried reader must find the same bytes (the client removes finished spools).
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
  const watch = o.rangeOnly ? 'why=' : `smsh_watch ${o.stdoutOffset} ${o.stderrOffset} ${o.waitTenths} ${o.batchHundredths ?? 5} 10`;
  const exit = o.exitWithCode && !o.rangeOnly ? 'exit ${rc:-0}' : 'exit 0';
  return `${SH_LIB}${WATCH_LIB}
${SPOOL_PRELUDE(o.sessionId)}; C="$S/${o.seq}"
i=0
while [ ! -d "$C" ]; do
  [ -d "$S" ] || { echo "SMSH1 nosession"; [ -e "$SMSH_B/.${o.sessionId}.hup" ] && echo "hangup 1"; echo END; exit 0; }
  [ $i -ge 20 ] && { echo "SMSH1 nocmd"; echo END; exit 0; }
  sleep 0.1; i=$((i + 1))
done
true 2>/dev/null >"$S/lease"
${watch}
rc=; cw=
[ -s "$C/rc" ] && read -r rc <"$C/rc"
so=$(smsh_size "$C/out"); se=$(smsh_size "$C/err")
echo "SMSH1 read"
if [ -n "$rc" ]; then
  [ -f "$C/cwd" ] && IFS= read -r cw <"$C/cwd"
  echo "rc $rc"; echo "cwd $cw"
  [ -f "$C/stop" ] && echo "stopped $(cat "$C/stop")"
fi
[ "$why" = orphan ] && echo "orphan 1"
[ "$why" = busy ] && echo "busy 1"
[ -n "$SMSH_AS" ] && [ -n "$why" ] && echo "pool $pc $pw"
echo "size $so $se"
SMSH_USED=$(( \${#cw} + 200 ))
${emit}
echo END
${exit}
`;
}

/** What a reader said. */
export type ReadOutput =
  | { kind: 'read'; report: LineReport }
  /** The session's spool is gone: the instance rebooted or was cleaned, or the line was hung up. */
  | { kind: 'nosession'; hungUp: boolean }
  /** The command's spool never appeared: its run script has not started (or ended without one). */
  | { kind: 'nocmd' };

/** Reads a reader's stdout; throws FrameError on a broken frame. */
export function readReadOutput(stdout: string): ReadOutput {
  const frame = parseFrames(stdout)[0]!;
  switch (frame.kind) {
    case 'read':
      return { kind: 'read', report: readLineReport(frame) };
    case 'nosession':
      return { kind: 'nosession', hungUp: frame.values.get('hangup') === '1' };
    case 'nocmd':
      return { kind: 'nocmd' };
    default:
      throw new FrameError(`unexpected ${frame.kind} frame from a reader`, stdout);
  }
}

/** The side frame a range reader printed on stderr, when it arrived whole. */
export function readSideFrame(stderr: string): Frame | undefined {
  try {
    return parseFrames(stderr).find((f) => f.kind === 'side');
  } catch {
    return undefined;
  }
}
