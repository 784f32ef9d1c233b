import { shQuote } from './shell-quote.js';
import { checkTag, decodePieceCommand, type PieceEncoding } from './upload-script.js';
import { SH_LIB } from './sh-lib.js';
import { ENSURE_SESSION, SPOOL_PRELUDE } from './spool.js';

/**
 * Scripts that read and write files on the instance for `smsh cp` and the editor hand-off. Pure
 * builders of POSIX sh text, like every script in src/remote; each prints one frame.
 *
 * File operations run as the session's current user (the top of the su/sudo stack): the script
 * itself runs as the agent's user (root), keeps its temp files in the session spool, and switches
 * with `runuser -u <user> --` only for what touches the user's files. So permissions are the
 * user's, and a switched user never needs access to the spool: data travels through pipes.
 *
 * Frames:
 * - `SMSH1 fstat`: `type` (file, dir, other, missing, nodir, denied, unreadable, tarfail), `path`
 *   (the resolved path, encoded), `stat <size> <mode octal> <uid> <gid> <owner> <group> <nlink>
 *   <mtime>`, `sha <hex>` or `sha -` (no sha256 tool), `enc`, then optionally `at <base>` and one
 *   `o` chunk whose bytes start at `base + chunk offset`.
 * - `SMSH1 frange`: `at <base>` and one `o` chunk (a byte range of the file).
 * - `SMSH1 fpiece`: `size <bytes>` of the piece as stored.
 * - `SMSH1 fput` / `SMSH1 ftar`: `path`, `result <encoded line>`: `ok …` or `fail <reason> <message>`.
 */

/** Who and where: how a path is resolved and as whom it is touched. */
export interface FileContext {
  sessionId: string;
  /** The session user (place().user); '' or the agent's own user means no switch. */
  user: string;
  /** The session cwd and the user's home, for relative paths and `~`; '' lets the instance decide. */
  cwd: string;
  home: string;
  /** The su/sudo depth: the saved state of layer `depth` holds the user's umask. */
  depth: number;
}

/** Where a range read takes its bytes: a user's file, or a file in the session spool (read as the agent). */
export type ReadSource = { kind: 'path'; path: string } | { kind: 'spool'; name: string };

// Computes sha256 of stdin with whatever the instance has; prints nothing when it has no tool.
const SHA_FN = `smsh_sha() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -c1-64
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 | cut -c1-64
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 | sed 's/^.*= *//'
  else cat >/dev/null; fi
}
smsh_hassha() { command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 || command -v openssl >/dev/null 2>&1; }`;

/**
 * The common head: helpers, the spool, the user switch and `$P`, the target path resolved like
 * a shell would (relative to the session cwd; `~` and `~user` expanded). Exits with a frame when
 * the user cannot be switched to.
 */
function head(c: FileContext, path: string | undefined, kind: string): string {
  const resolve =
    path === undefined
      ? ''
      : `P=${shQuote(path)}; CW=${shQuote(c.cwd)}; H=${shQuote(c.home)}
smsh_home() { _h=$(getent passwd "$1" 2>/dev/null | cut -d: -f6); [ -n "$_h" ] || _h=$(awk -F: -v u="$1" '$1 == u { print $6; exit }' /etc/passwd); printf '%s' "$_h"; }
[ -n "$H" ] || H=$(smsh_home "\${RU:-$(id -un)}")
[ -n "$CW" ] || CW=$H
case $P in
  "~") P=$H ;;
  "~/"*) P="$H/\${P#??}" ;;
  "~"*) _u=\${P%%/*}; _u=\${_u#?}; _h=$(smsh_home "$_u")
        if [ -n "$_h" ]; then case $P in */*) P="$_h/\${P#*/}" ;; *) P=$_h ;; esac; fi ;;
  /*) ;;
  .) P=$CW ;;
  ./*) P=\${P#./}; while case $P in ./*) true ;; *) false ;; esac; do P=\${P#./}; done
       case $CW in */) P="$CW$P" ;; *) P="$CW/$P" ;; esac ;;
  *) case $CW in */) P="$CW$P" ;; *) P="$CW/$P" ;; esac ;;
esac
[ "$P" = / ] || P=\${P%/}`;
  return `${SH_LIB}
${SHA_FN}
SMSH_UM=$(umask); umask 077
${SPOOL_PRELUDE(c.sessionId)}
${ENSURE_SESSION}
true 2>/dev/null >"$S/lease"
RU=${shQuote(c.user)}; [ "$RU" = "$(id -un)" ] && RU=
if [ -n "$RU" ] && ! command -v runuser >/dev/null 2>&1; then
  echo "SMSH1 ${kind}"; echo "type nouser"; echo "result $(smsh_str "fail nouser cannot act as $RU: runuser not found")"; echo END; exit 0
fi
smsh_as() { if [ -n "$RU" ]; then runuser -u "$RU" -- "$@"; else "$@"; fi; }
${resolve}`;
}

// Classifies a path as the user sees it and prints `type …`, `stat …` and `sha …` (run as the user).
const STAT_PROG = `${SHA_FN}
p=$1; d=$(dirname -- "$p")
if [ -d "$p" ]; then t=dir
elif [ -f "$p" ]; then if [ -r "$p" ]; then t=file; else t=unreadable; fi
elif [ -e "$p" ]; then t=other
elif [ -L "$p" ]; then t=missing
elif [ -d "$d" ]; then if [ -x "$d" ]; then t=missing; else t=denied; fi
elif [ -e "$d" ]; then t=nodir
else t=nodir; fi
echo "type $t"
[ -e "$p" ] && stat -L -c 'stat %s %a %u %g %U %G %h %Y' -- "$p"
if [ "$t" = file ] && [ "$2" = 1 ]; then
  if smsh_hassha; then echo "sha $(smsh_sha <"$p")"; else echo "sha -"; fi
fi
if [ -e "$p" ]; then [ -w "$p" ] && echo "writable 1"; else [ -w "$d" ] && [ -x "$d" ] && echo "writable 1"; fi
exit 0`;

// Prints `at <base>` and one chunk of N bytes from OFF of $P (as the user, through a spool temp
// file when a user switch is needed) or of a spool file, fitting BUDGET characters.
const RANGE_FN = `smsh_range() {
  if [ -n "$RU" ] && [ -z "$SPOOLFILE" ]; then
    _r="$S/.r.$$"; smsh_as tail -c +$(($1 + 1)) -- "$P" 2>/dev/null | head -c "$2" >"$_r"
    echo "at $1"; smsh_emit o "$_r" 0 "$2" "$3"; rm -f "$_r"
  else
    echo "at 0"; smsh_emit o "$P" "$1" "$2" "$3"
  fi
}`;

/** Options of a stat: whether to hash a file and how many of its first bytes to send back at once. */
export interface StatScriptOptions {
  /** Compute sha256 of a regular file (reads it whole). */
  hash: boolean;
  /** Send up to this many bytes of a regular file inline (0: none). */
  firstChunk: number;
  /** Characters of chunk data the frame may carry. */
  budget: number;
}

/**
 * Stats a path as the session user: type, size, mode, owner, sha256 (when asked and the instance
 * has a tool), whether the user could write it, and the instance's encoding. With `firstChunk`,
 * also the file's first bytes, so a small file downloads in one round trip.
 */
export function buildStatScript(c: FileContext, path: string, o: StatScriptOptions): string {
  return `${head(c, path, 'fstat')}
${RANGE_FN}
SPOOLFILE=
I=$(smsh_as sh -c ${shQuote(STAT_PROG)} sh "$P" ${o.hash ? 1 : 0} 2>/dev/null)
pw=$(smsh_str "$P")
echo "SMSH1 fstat"; echo "path $pw"; echo "enc $SMSH_ENC"
printf '%s\\n' "$I"
SMSH_USED=$(( \${#pw} + \${#I} + 300 ))
case $I in "type file"*) [ ${o.firstChunk} -gt 0 ] && smsh_range 0 ${o.firstChunk} $(( ${o.budget} - SMSH_USED )) ;; esac
echo END
`;
}

/** Reads `length` bytes from `offset` of a file (at most what fits `budget` characters once encoded). */
export function buildRangeScript(c: FileContext, source: ReadSource, offset: number, length: number, budget: number): string {
  const where =
    source.kind === 'path'
      ? `${head(c, source.path, 'frange')}\nSPOOLFILE=`
      : `${head(c, undefined, 'frange')}\nSPOOLFILE=1; P="$S/${spoolName(source.name)}"`;
  return `${where}
${RANGE_FN}
echo "SMSH1 frange"
[ -f "$P" ] || [ -n "$RU" ] || { echo "type missing"; echo END; exit 0; }
SMSH_USED=300
smsh_range ${offset} ${length} $(( ${budget} - SMSH_USED ))
echo END
`;
}

/** Spool names are ours (hex tags): anything else is refused rather than put into a path. */
function spoolName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`bad spool name ${name}`);
  return name;
}

/** Removes an upload's pieces or a download's spool file: what a failed or aborted transfer left. */
export function buildSpoolCleanupScript(sessionId: string, names: string[]): string {
  const rm = names.map((n) => `"$S/${spoolName(n)}"`).join(' ');
  return `${SPOOL_PRELUDE(sessionId)}
[ -d "$S" ] && rm -rf ${rm}
echo "SMSH1 fclean"; echo END
`;
}

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

// The umask of the session user: from the layer's saved state (what a `umask` typed in the shell
// set), else the agent's.
const UMASK_OF = (depth: number) =>
  `UM=$(sed -n 's/^command umask //p' "$S/u${depth}/state" 2>/dev/null | tail -n 1); [ -n "$UM" ] || UM=$SMSH_UM`;

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

/**
 * Packs a directory (as the session user) into a tar in the spool, `$S/<name>`, then reports it
 * like a stat of that file with its first bytes inline; the client reads the rest by ranges.
 * tar's exit code 1 (a file changed while it was read) is a warning; 2 or more fails.
 */
export function buildTarCreateScript(c: FileContext, path: string, name: string, o: { firstChunk: number; budget: number }): string {
  const file = spoolName(name);
  return `${head(c, path, 'fstat')}
${RANGE_FN}
pw=$(smsh_str "$P")
echo "SMSH1 fstat"; echo "path $pw"; echo "enc $SMSH_ENC"
I=$(smsh_as sh -c ${shQuote(STAT_PROG)} sh "$P" 0 2>/dev/null)
case $I in
  "type dir"*) ;;
  *) printf '%s\\n' "$I"; echo END; exit 0 ;;
esac
if ! command -v tar >/dev/null 2>&1; then echo "type tarfail"; echo "result $(smsh_str "tar is not installed on the instance")"; echo END; exit 0; fi
(cd / && smsh_as tar -cf - -C "$P" .) >"$S/${file}" 2>"$S/.e.$$"; rc=$?
if [ $rc -ge 2 ]; then echo "type tarfail"; echo "result $(smsh_str "$(grep -v '^tar: Exiting' "$S/.e.$$" | head -n 1)")"; rm -f "$S/${file}" "$S/.e.$$"; echo END; exit 0; fi
[ $rc = 1 ] && echo "warning $(smsh_str "$(head -n 1 "$S/.e.$$")")"
rm -f "$S/.e.$$"
echo "type tar"
echo "stat $(smsh_size "$S/${file}") 600 0 0 - - 1 0"
if smsh_hassha; then echo "sha $(smsh_sha <"$S/${file}")"; else echo "sha -"; fi
P="$S/${file}"; SPOOLFILE=1
SMSH_USED=$(( \${#pw} + 500 ))
smsh_range 0 ${o.firstChunk} $(( ${o.budget} - SMSH_USED ))
echo END
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
