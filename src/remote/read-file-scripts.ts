import { decodeWord, type Frame } from './frame.js';
import { head, RANGE_FN, spoolName, STAT_PROG, type FileContext, type ReadSource } from './file-head.js';
import { shQuote } from './shell-quote.js';
import { SPOOL_PRELUDE } from './spool.js';

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

/** Removes an upload's pieces or a download's spool file: what a failed or aborted transfer left. */
export function buildSpoolCleanupScript(sessionId: string, names: string[]): string {
  const rm = names.map((n) => `"$S/${spoolName(n)}"`).join(' ');
  return `${SPOOL_PRELUDE(sessionId)}
[ -d "$S" ] && rm -rf ${rm}
echo "SMSH1 fclean"; echo END
`;
}

/** A remote path as the session user sees it. */
export interface RemoteStat {
  /** The path resolved on the instance (cwd, `~`). */
  path: string;
  /** file: a readable regular file; unreadable: one the user may not read; missing: absent but creatable
   *  in an existing directory; nodir: its directory is missing; denied: its directory is not searchable. */
  type: 'file' | 'dir' | 'other' | 'missing' | 'nodir' | 'denied' | 'unreadable';
  size: number;
  /** Permission bits (with setuid/setgid/sticky), e.g. 0o644. */
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  nlink: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** sha256 of a file when asked for and the instance has a tool (sha256sum, shasum, openssl); else null. */
  sha256: string | null;
  /** The session user could write it (or create it, when missing). */
  writable: boolean;
}

/** Reads the stat words of an `fstat` frame (a stat, or a tar's report of its archive). */
export function readFileStat(frame: Frame, fallbackPath: string): RemoteStat {
  const v = frame.values;
  const encoded = v.get('path');
  const path = encoded ? decodeWord(encoded).toString() : fallbackPath;
  const [size, mode, uid, gid, owner, group, nlink, mtime] = (v.get('stat') ?? '').split(' ');
  const sha = v.get('sha');
  const type = (v.get('type') ?? 'missing') as RemoteStat['type'];
  return {
    path,
    type,
    size: Number(size ?? 0) || 0,
    mode: parseInt(mode ?? '0', 8) || 0,
    uid: Number(uid ?? -1),
    gid: Number(gid ?? -1),
    owner: owner ?? '',
    group: group ?? '',
    nlink: Number(nlink ?? 0) || 0,
    mtime: Number(mtime ?? 0) || 0,
    sha256: sha !== undefined && /^[0-9a-f]{64}$/.test(sha) ? sha : null,
    writable: v.get('writable') === '1',
  };
}
