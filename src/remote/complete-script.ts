import { parseFrames } from './frame.js';
import { SH_LIB } from './sh-lib.js';
import { shQuote } from './shell-quote.js';

/** What one completion round trip lists: a directory's entries, or the commands on PATH. */
export type CompleteRequest = { kind: 'dir'; dir: string } | { kind: 'commands' };

/** Characters of listing a frame may carry (gzip+base64), under the 24,000-character output cap. */
const BUDGET = 20_000;

/**
 * Lists, for Tab completion, one directory (`name/` for directories, `name*` for executables,
 * dotfiles included) or every command on PATH and the usual system directories, one name a line,
 * as a frame (`SMSH1 complete`, `o` chunk, `truncated 1` when the cap cut it). One round trip
 * per directory: the client caches it. Names containing a newline are skipped. POSIX sh.
 */
export function buildCompleteScript(request: CompleteRequest): string {
  const list =
    request.kind === 'dir'
      ? `for f in "$D"/* "$D"/.[!.]* "$D"/..?*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  n=\${f##*/}
  if [ -d "$f" ]; then printf '%s/\\n' "$n"; elif [ -x "$f" ]; then printf '%s*\\n' "$n"; else printf '%s\\n' "$n"; fi
done`
      : `P="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
IFS=:
for d in $P; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do [ -x "$f" ] && [ ! -d "$f" ] && printf '%s\\n' "\${f##*/}"; done
done | sort -u`;
  const check = request.kind === 'dir' ? `D=${shQuote(request.dir)}
[ -d "$D" ] || { echo "SMSH1 complete"; echo "missing 1"; echo END; exit 0; }` : '';
  return `${SH_LIB}
${check}
T=$(mktemp 2>/dev/null || echo "/tmp/.smsh-complete.$$")
trap 'rm -f "$T"' EXIT
( ${list} ) >"$T" 2>/dev/null
echo "SMSH1 complete"
SMSH_USED=0
smsh_emit o "$T" 0 1048576 ${BUDGET}
[ "$SMSH_END" -lt "$(smsh_size "$T")" ] && echo "truncated 1"
echo END
`;
}

/** One listed name: directories and executables are marked. */
export interface ListedName {
  name: string;
  dir: boolean;
  exec: boolean;
}

/** What a completion listing said. */
export interface CompleteListing {
  names: ListedName[];
  /** The directory does not exist (or is not a directory). */
  missing: boolean;
  /** The listing was longer than one frame carries; the names are the first ones. */
  truncated: boolean;
}

/** Parses the complete script's output; throws FrameError on a broken frame. */
export function parseCompleteOutput(stdout: string): CompleteListing {
  const frame = parseFrames(stdout).find((f) => f.kind === 'complete');
  if (!frame) throw new Error('no completion frame in the output');
  const text = Buffer.concat(frame.chunks.map((c) => c.data)).toString('utf8');
  const lines = text.split('\n');
  if (frame.values.has('truncated')) lines.pop(); // the last line may be cut
  const names = lines
    .filter((l) => l !== '')
    .map((l) => (l.endsWith('/') ? { name: l.slice(0, -1), dir: true, exec: false } : l.endsWith('*') ? { name: l.slice(0, -1), dir: false, exec: true } : { name: l, dir: false, exec: false }));
  return { names, missing: frame.values.has('missing'), truncated: frame.values.has('truncated') };
}
