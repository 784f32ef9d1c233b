import { printfOctal } from './shell-quote.js';
import { SH_LIB } from './sh-lib.js';
import { ENSURE_SESSION, SPOOL_PRELUDE } from './spool.js';

/** Removes the whole session directory on the instance when a session ends: nothing is left behind. */
export function buildEndScript(sessionId: string): string {
  return `${SPOOL_PRELUDE(sessionId)}
rm -rf "$S"; echo "SMSH1 end"; echo END
`;
}

/**
 * Writes piece `index` of a command's stdin or of its line (base64, or printf octal escapes where
 * the instance has no base64) to `$S/<seq>.<kind>.<index>`, ahead of the run that joins them:
 * stdin of any size and lines too large for one request travel in request-sized pieces, and a
 * repeated delivery rewrites the same piece.
 */
export function buildUploadPieceScript(sessionId: string, seq: number, kind: 'in' | 'line', index: number, chunk: Buffer, base64: boolean): string {
  const write = base64
    ? `printf '%s' '${chunk.toString('base64')}' | base64 -d`
    : `printf ${printfOctal(chunk)}`;
  return `${SH_LIB}
${SPOOL_PRELUDE(sessionId)}; umask 077
${ENSURE_SESSION}
P="$S/${seq}.${kind}.${String(index).padStart(8, '0')}"; T="$S/.tmp.${seq}.${kind}.${index}.$$"
${write} >"$T" && mv "$T" "$P" || exit 1
echo "SMSH1 piece"; echo "size $(smsh_size "$P")"; echo END
`;
}
