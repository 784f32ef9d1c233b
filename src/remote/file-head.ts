import { decodeWord, type Frame } from './frame.js';
import { shQuote } from './shell-quote.js';
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
export const SHA_FN = `smsh_sha() {
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
export function head(c: FileContext, path: string | undefined, kind: string): string {
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
export const STAT_PROG = `${SHA_FN}
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
export const RANGE_FN = `smsh_range() {
  if [ -n "$RU" ] && [ -z "$SPOOLFILE" ]; then
    _r="$S/.r.$$"; smsh_as tail -c +$(($1 + 1)) -- "$P" 2>/dev/null | head -c "$2" >"$_r"
    echo "at $1"; smsh_emit o "$_r" 0 "$2" "$3"; rm -f "$_r"
  else
    echo "at 0"; smsh_emit o "$P" "$1" "$2" "$3"
  fi
}`;

/** Spool names are ours (hex tags): anything else is refused rather than put into a path. */
export function spoolName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`bad spool name ${name}`);
  return name;
}

/** The `result` word of a file script's frame, decoded (a line the script or its program printed). */
export function resultOf(frame: Frame): string {
  const r = frame.values.get('result');
  return r ? decodeWord(r).toString() : '';
}
