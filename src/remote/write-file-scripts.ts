import { head, resultOf, SHA_FN, type FileContext } from './file-head.js';
import { decodeWord, type Frame } from './frame.js';
import { shQuote } from './shell-quote.js';
import { checkTag, decodePieceCommand, type PieceEncoding } from './upload-script.js';

/**
 * The commit, run as the session user with the data on stdin. Arguments: path, tag, the data's
 * sha256, the expectation (`-` none, `absent`, a sha256 or `nosha:<size>:<mtime>`), umask,
 * mode for a new file (`-`: 0666), the data's size. Prints `ok <created> <atomic> <mode>` or
 * `fail <reason> <message>`.
 *
 * An existing file keeps its mode and owner: the temp file in its directory gets them before the
 * rename. Where that cannot hold (the user cannot chown to the owner, the directory is not
 * writable, or the file has other hard links), the verified bytes are copied into the file in
 * place instead (like vim's backupcopy=auto), and `atomic` is 0. A symlink is followed, so it
 * stays a link. The temp file is removed on every path (EXIT trap).
 */
const COMMIT_PROG = `${SHA_FN}
p=$1 tag=$2 want=$3 exp=$4 um=$5 nm=$6 sz=$7 t= h=
fail() { echo "fail $1 $2"; exit 0; }
trap '[ -n "$t" ] && rm -f "$t"' EXIT
trap 'exit 143' TERM INT HUP
if [ -L "$p" ]; then q=$(readlink -f -- "$p" 2>/dev/null) && [ -n "$q" ] && p=$q; fi
d=$(dirname -- "$p"); b=$(basename -- "$p")
[ -d "$p" ] && fail isdir "$p is a directory"
[ -e "$p" ] && [ ! -f "$p" ] && fail notregular "$p is not a regular file"
if [ ! -d "$d" ]; then
  dd=$(dirname -- "$d"); [ -d "$dd" ] && [ ! -x "$dd" ] && fail denied "$d: permission denied"
  fail nodir "$d: no such directory"
fi
[ -x "$d" ] || fail denied "$d: permission denied"
if [ -e "$p" ]; then [ -w "$p" ] || fail denied "$p: permission denied"
else { [ -w "$d" ] && [ -x "$d" ]; } || fail denied "cannot create $p: permission denied"; fi
case $exp in
  -) ;;
  absent) [ -e "$p" ] && fail changed "$p was created since it was read" ;;
  nosha:*) [ -e "$p" ] || fail changed "$p was removed since it was read"
    [ "nosha:$(stat -L -c '%s:%Y' -- "$p")" = "$exp" ] || fail changed "$p changed since it was read" ;;
  *) [ -e "$p" ] || fail changed "$p was removed since it was read"
    [ -r "$p" ] || fail denied "$p: cannot read it to check for changes"
    [ "$(smsh_sha <"$p")" = "$exp" ] || fail changed "$p changed since it was read" ;;
esac
m= ou= og= inplace=0
if [ -e "$p" ]; then
  set -- $(stat -L -c '%a %u %g %h' -- "$p"); m=$1 ou=$2 og=$3
  { [ -w "$d" ] && [ "$4" = 1 ]; } || inplace=1
fi
if [ $inplace = 0 ]; then t="$d/.$b.smsh-$tag"; else t=$(umask 077; mktemp "\${TMPDIR:-/tmp}/.smsh-$tag.XXXXXX") || fail write "cannot create a temp file"; fi
if [ $inplace = 0 ]; then e=$( (umask 077; set -C; exec cat >"$t") 2>&1 ); else e=$( (exec cat >"$t") 2>&1 ); fi || {
  e=$(printf '%s' "$e" | head -n 1); case $e in *ermission*) fail denied "cannot create $p: permission denied" ;; esac; fail write "\${e:-could not write a temp file in $d}"; }
if smsh_hassha; then h=$(smsh_sha <"$t"); [ "$h" = "$want" ] || fail verify "the bytes written to $t do not match (sha256 $h); $p is unchanged"
else [ "$(wc -c <"$t" | tr -d ' ')" = "$sz" ] || fail verify "the bytes written to $t are short; $p is unchanged"; fi
if [ -n "$m" ] && [ $inplace = 0 ]; then
  set -- $(stat -c '%u %g' -- "$t")
  if [ "$1" != "$ou" ] || [ "$2" != "$og" ]; then chown "$ou:$og" "$t" 2>/dev/null || inplace=1; fi
fi
if [ $inplace = 1 ]; then
  e=$( (exec cat "$t" >"$p") 2>&1 ) || fail write "$(printf '%s' "$e" | head -n 1)"
  if smsh_hassha; then [ "$(smsh_sha <"$p")" = "$want" ] || fail verify "$p was written in place but does not read back the same"; fi
  echo "ok 0 0 $(stat -L -c %a -- "$p")"; exit 0
fi
if [ -n "$m" ]; then chmod "$m" "$t"; c=0
else
  if [ "$nm" = - ]; then nm=666; fi
  chmod "$(printf '%o' $(( 0$nm & ~0$um & 07777 )))" "$t"; c=1
fi
e=$(mv -f "$t" "$p" 2>&1) || fail write "$(printf '%s' "$e" | head -n 1)"
t=
echo "ok $c 1 $(stat -L -c %a -- "$p")"`;

/** What a commit checks and how it treats a new file. */
export interface CommitOptions {
  tag: string;
  /** sha256 (hex) of the whole data. */
  sha256: string;
  size: number;
  /** undefined: no check; null: the file must not exist; a string: the remote file must still have this fingerprint. */
  expected?: string | null;
  /** Mode bits for a new file before the umask (default 0666); an existing file keeps its own. */
  newFileMode?: number;
  /** The data inline (small uploads, one round trip) instead of uploaded pieces. */
  inline?: { payload: string; encoding: PieceEncoding };
}

/** Where the data of a commit comes from: inline, or the upload's pieces in the spool (always removed afterwards). */
function dataSource(o: { tag: string; inline?: { payload: string; encoding: PieceEncoding } }): string {
  if (o.inline) return o.inline.payload === '' || o.inline.payload === "''" ? ': ' : decodePieceCommand(o.inline.payload, o.inline.encoding);
  return `cat "$S/f${checkTag(o.tag)}"/[0-9]* 2>/dev/null`;
}

// The umask of the session user: from the layer's saved state (`umask N` as the shell saved it, or
// `command umask N` as a new layer starts), else the agent's.
const UMASK_OF = (depth: number) =>
  `UM=$(sed -n 's/^\\(command \\)\\{0,1\\}umask \\([0-7]*\\)$/\\2/p' "$S/u${depth}/state" 2>/dev/null | tail -n 1); [ -n "$UM" ] || UM=$SMSH_UM`;

/**
 * Writes a file atomically: the data (inline or the uploaded pieces) is written by the session
 * user to a temp file in the target's directory, its sha256 checked, mode and owner set, then
 * renamed over the target. Reports `fail changed` when the remote file no longer has the
 * expected fingerprint, and `fail denied|isdir|nodir|…` with a message otherwise.
 */
export function buildCommitScript(c: FileContext, path: string, o: CommitOptions): string {
  const exp = o.expected === undefined ? '-' : o.expected === null ? 'absent' : o.expected;
  if (!/^(-|absent|[0-9a-f]{64}|nosha:\d+:\d+)$/.test(exp)) throw new Error(`bad expectation ${exp}`);
  if (!/^[0-9a-f]{64}$/.test(o.sha256)) throw new Error('bad sha256');
  const nm = o.newFileMode === undefined ? '-' : (o.newFileMode & 0o7777).toString(8);
  return `${head(c, path, 'fput')}
${UMASK_OF(c.depth)}
R=$(${dataSource(o)} | (cd / && smsh_as sh -c ${shQuote(COMMIT_PROG)} sh "$P" ${checkTag(o.tag)} ${o.sha256} ${exp} "$UM" ${nm} ${o.size}) 2>"$S/.e.$$")
[ -n "$R" ] || R="fail error $(head -n 1 "$S/.e.$$")"
rm -f "$S/.e.$$"; rm -rf "$S/f${o.tag}"
echo "SMSH1 fput"; echo "path $(smsh_str "$P")"; echo "result $(smsh_str "$R")"; echo END
`;
}

// Unpacks a tar from stdin into a directory as the session user. Arguments: destination, the
// name to use inside it when it is an existing directory ('' for none), tag. A new destination is
// unpacked beside it first and renamed into place, so it appears whole.
const UNTAR_PROG = `p=$1 sub=$2 tag=$3 t=
fail() { echo "fail $1 $2"; exit 0; }
trap '[ -n "$t" ] && rm -rf "$t"' EXIT
trap 'exit 143' TERM INT HUP
if [ -d "$p" ] && [ -n "$sub" ]; then p="$p/$sub"; fi
d=$(dirname -- "$p"); b=$(basename -- "$p")
[ -d "$d" ] || fail nodir "$d: no such directory"
if [ -e "$p" ] && [ ! -d "$p" ]; then fail notdir "$p exists and is not a directory"; fi
if [ -d "$p" ]; then
  [ -w "$p" ] && [ -x "$p" ] || fail denied "$p: permission denied"
  e=$(tar -xpf - --no-same-owner -C "$p" 2>&1) || fail write "$(printf '%s' "$e" | head -n 1)"
  echo "ok 0 $p"; exit 0
fi
{ [ -w "$d" ] && [ -x "$d" ]; } || fail denied "cannot create $p: permission denied"
t="$d/.$b.smsh-$tag"
mkdir -m 700 "$t" || fail write "cannot create $t"
e=$(tar -xpf - --no-same-owner -C "$t" 2>&1) || fail write "$(printf '%s' "$e" | head -n 1)"
mv "$t" "$p" 2>/dev/null || fail write "cannot rename $t to $p"
t=
echo "ok 1 $p"`;

/**
 * Unpacks an uploaded tar (its pieces in the spool, sha256-checked first) into a directory as the
 * session user: into `path/<name>` when path is an existing directory, else into a new `path`.
 */
export function buildTarExtractScript(c: FileContext, path: string, o: { tag: string; sha256: string; name: string }): string {
  if (!/^[0-9a-f]{64}$/.test(o.sha256)) throw new Error('bad sha256');
  const src = dataSource({ tag: o.tag });
  return `${head(c, path, 'ftar')}
D="$S/f${checkTag(o.tag)}"
if ! command -v tar >/dev/null 2>&1; then R="fail notar tar is not installed on the instance"
elif smsh_hassha && [ "$(${src} | smsh_sha)" != ${o.sha256} ]; then R="fail verify the uploaded archive does not match its sha256"
else
  R=$(${src} | (cd / && smsh_as sh -c ${shQuote(UNTAR_PROG)} sh "$P" ${shQuote(o.name)} ${o.tag}) 2>"$S/.e.$$")
  [ -n "$R" ] || R="fail error $(head -n 1 "$S/.e.$$")"
fi
rm -f "$S/.e.$$"; rm -rf "$D"
echo "SMSH1 ftar"; echo "path $(smsh_str "$P")"; echo "result $(smsh_str "$R")"; echo END
`;
}

/** What a write script (`fput`, `ftar`) said: `ok` with its fields, or why it failed. */
export type WriteResult =
  | { ok: true; fields: string[]; path: string }
  /** `reason` is the script's word (denied, changed, verify, …), or `noresult` when it said nothing usable. */
  | { ok: false; reason: string; message: string; path: string };

/** Reads a write script's frame: its `result` line is `ok …` or `fail <reason> <message>`. */
export function readWriteResult(frame: Frame): WriteResult {
  const encoded = frame.values.get('path');
  const path = encoded ? decodeWord(encoded).toString() : '';
  const line = resultOf(frame).trim().split('\n')[0] ?? '';
  if (frame.kind === 'fput' || frame.kind === 'ftar' || frame.kind === 'fstat') {
    if (line.startsWith('ok ')) return { ok: true, fields: line.split(' ').slice(1), path };
    if (line.startsWith('fail ')) {
      const rest = line.slice(5);
      const space = rest.indexOf(' ');
      return { ok: false, reason: space < 0 ? rest : rest.slice(0, space), message: space < 0 ? '' : rest.slice(space + 1), path };
    }
  }
  return { ok: false, reason: 'noresult', message: line, path };
}
