import { gzipSync } from 'node:zlib';
import { parseFrames } from './frame.js';
import { printfOctal } from './shell-quote.js';
import { ENSURE_SESSION, SPOOL_PRELUDE } from './spool.js';

/** What the instance can decode, as its probe or stat frame says: gzip+base64, base64, or neither (printf octal escapes). */
export type InstanceEncoding = 'gz64' | 'b64' | 'hex';

/** How a piece travels inside its script. */
export type PieceEncoding = 'gz64' | 'b64' | 'octal';

/** One piece of an upload, encoded for its script. */
export interface Piece {
  /** Bytes of data it carries. */
  raw: number;
  payload: string;
  encoding: PieceEncoding;
}

/** Largest raw piece: highly compressible data still travels in bounded pieces. */
const MAX_PIECE_RAW = 4 * 1024 * 1024;

/** Upload tags are 16 hex digits, chosen by the client per upload: anything else is refused rather than put into a path. */
export function checkTag(tag: string): string {
  if (!/^[0-9a-f]{16}$/.test(tag)) throw new Error(`bad upload tag ${tag}`);
  return tag;
}

/** The shell text that writes a piece's bytes to stdout, for its encoding (the commit script inlines small data with it). */
export function decodePieceCommand(payload: string, encoding: PieceEncoding): string {
  switch (encoding) {
    case 'gz64':
      return `printf '%s' '${payload}' | base64 -d | gzip -dc`;
    case 'b64':
      return `printf '%s' '${payload}' | base64 -d`;
    case 'octal':
      return `printf ${payload}`;
  }
}

/** Encodes raw bytes for a piece: the payload text the script carries. */
export function encodePiecePayload(raw: Buffer, encoding: PieceEncoding, gzipped?: Buffer): string {
  switch (encoding) {
    case 'gz64':
      return (gzipped ?? raw).toString('base64');
    case 'b64':
      return raw.toString('base64');
    case 'octal':
      return printfOctal(raw);
  }
}

/**
 * Cuts data into pieces whose payload fits `limit` characters: gzip+base64 where that is smaller
 * (and the instance has gzip), else base64, else printf octal escapes (no base64 on the instance).
 * Compressible data travels in larger raw pieces; the size adapts piece by piece.
 */
export function splitPieces(data: Buffer, encoding: InstanceEncoding, limit: number): Piece[] {
  const pieces: Piece[] = [];
  if (encoding === 'hex') {
    const step = Math.floor(limit / 4) - 1;
    for (let at = 0; at < data.length; at += step) {
      const raw = data.subarray(at, at + step);
      pieces.push({ raw: raw.length, payload: encodePiecePayload(raw, 'octal'), encoding: 'octal' });
    }
    return pieces;
  }
  const plainStep = Math.floor((limit / 4) * 3);
  if (encoding === 'b64') {
    for (let at = 0; at < data.length; at += plainStep) {
      const raw = data.subarray(at, at + plainStep);
      pieces.push({ raw: raw.length, payload: encodePiecePayload(raw, 'b64'), encoding: 'b64' });
    }
    return pieces;
  }
  let guess = plainStep;
  for (let at = 0; at < data.length; ) {
    let n = Math.min(guess, data.length - at);
    for (;;) {
      const raw = data.subarray(at, at + n);
      const gz = gzipSync(raw);
      const gzChars = Math.ceil(gz.length / 3) * 4;
      const plainChars = Math.ceil(n / 3) * 4;
      const useGz = gzChars < plainChars;
      const chars = useGz ? gzChars : plainChars;
      if (chars <= limit || n <= 1) {
        pieces.push({ raw: n, payload: encodePiecePayload(raw, useGz ? 'gz64' : 'b64', gz), encoding: useGz ? 'gz64' : 'b64' });
        at += n;
        guess = Math.max(plainStep, Math.min(MAX_PIECE_RAW, Math.floor((n * limit * 0.9) / Math.max(1, chars))));
        break;
      }
      n = Math.max(1, Math.floor((n * limit * 0.95) / chars));
    }
  }
  return pieces;
}

/**
 * Writes piece `index` of upload `tag` to `$S/f<tag>/<index>` (0600, through a temp file and a
 * rename, so a repeated delivery rewrites the same piece and a half-written piece never counts).
 * The one upload script: stdin, over-long lines and files all travel this way; whoever consumes
 * the pieces joins `$S/f<tag>/*` in name order.
 */
export function buildPieceScript(sessionId: string, tag: string, index: number, piece: Pick<Piece, 'payload' | 'encoding'>): string {
  const name = String(index).padStart(8, '0');
  return `${SPOOL_PRELUDE(sessionId)}; umask 077
${ENSURE_SESSION}
D="$S/f${checkTag(tag)}"; mkdir -m 700 "$D" 2>/dev/null || [ -d "$D" ] || exit 91
T="$D/.t${name}.$$"
if ${decodePieceCommand(piece.payload, piece.encoding)} >"$T" && mv -f "$T" "$D/${name}"; then :; else rm -f "$T"; exit 92; fi
echo "SMSH1 fpiece"; echo "size $(wc -c <"$D/${name}" | tr -d ' ')"; echo END
`;
}

/** Reads a piece script's frame: the size of the piece as stored, or undefined when the frame is not a piece's. */
export function readPieceOutput(stdout: string): { size: number } | undefined {
  const frame = parseFrames(stdout)[0];
  if (frame?.kind !== 'fpiece') return undefined;
  const size = Number(frame.values.get('size'));
  return Number.isFinite(size) ? { size } : undefined;
}
