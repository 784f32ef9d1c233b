import { gunzipSync } from 'node:zlib';
import Bunzip from 'seek-bzip';

/**
 * Parses what smsh's scripts print into StandardOutputContent: a frame of text lines
 * `SMSH1 <kind>`, `key value…` lines, `o|e <offset> <length> <encoding> <data>` chunks, and `END`.
 * A frame without END was cut short (by the agent's 24,000-character cap or a crash) and is
 * rejected rather than half-used, so a byte is never taken from a broken frame.
 */
export interface Chunk {
  stream: 'stdout' | 'stderr';
  offset: number;
  data: Buffer;
  /** Characters the chunk took in the frame once encoded: how densely this output packs. */
  chars?: number;
}

/** A parsed frame: its kind, its keys, and the decoded chunks. */
export interface Frame {
  kind: string;
  values: Map<string, string>;
  chunks: Chunk[];
}

/** Raised when output is not a complete smsh frame; carries the raw text for diagnostics. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    message: string,
    readonly raw: string,
  ) {
    super(message);
  }
}

/**
 * Decodes one chunk's payload by its encoding name: bz64 (bzip2, then base64: about 30 % denser
 * than gzip on log text, so more output fits the 24,000-character cap), gz64, b64 or hex.
 * `rawLength` is the size the chunk line announces (bzip2 decodes into a buffer of that size).
 */
export function decodePayload(encoding: string, payload: string, rawLength?: number): Buffer {
  switch (encoding) {
    case 'bz64':
      return payload.length === 0 ? Buffer.alloc(0) : Bunzip.decode(Buffer.from(payload, 'base64'), sizeHint(rawLength));
    case 'gz64':
      return payload.length === 0 ? Buffer.alloc(0) : gunzipSync(Buffer.from(payload, 'base64'));
    case 'b64':
      return Buffer.from(payload, 'base64');
    case 'hex':
      return Buffer.from(payload, 'hex');
    default:
      throw new Error(`unknown encoding ${encoding}`);
  }
}

function sizeHint(n: number | undefined): number | undefined {
  return n !== undefined && Number.isSafeInteger(n) && n > 0 && n <= 64 * 2 ** 20 ? n : undefined;
}

/** Decodes a `raw:…` / `b64:…` / `hex:…` word produced by `smsh_str` back into its bytes. */
export function decodeWord(word: string): Buffer {
  if (word.startsWith('raw:')) {
    const text = word.slice(4);
    if (!/^[A-Za-z0-9/._+@%,=:-]*$/.test(text)) throw new Error(`not an encoded word: ${word.slice(0, 20)}`);
    return Buffer.from(text, 'latin1');
  }
  if (word.startsWith('b64:')) return Buffer.from(word.slice(4), 'base64');
  if (word.startsWith('hex:')) return Buffer.from(word.slice(4), 'hex');
  throw new Error(`not an encoded word: ${word.slice(0, 20)}`);
}

/** Parses a frame; throws FrameError when it is absent, cut short or malformed. */
export function parseFrame(text: string): Frame {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('SMSH1 '));
  if (start < 0) throw new FrameError('no smsh frame in the output', text);
  const kind = lines[start]!.slice(6).trim();
  const values = new Map<string, string>();
  const chunks: Chunk[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === 'END') return { kind, values, chunks };
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1);
    if (key === 'o' || key === 'e') {
      const [offset, length, encoding, payload = ''] = rest.split(' ');
      let data: Buffer;
      try {
        data = decodePayload(encoding ?? '', payload, Number(length));
      } catch (error) {
        throw new FrameError(`chunk does not decode: ${(error as Error).message}`, text);
      }
      if (data.length !== Number(length)) {
        throw new FrameError(`chunk length ${data.length} != ${length}`, text);
      }
      chunks.push({ stream: key === 'o' ? 'stdout' : 'stderr', offset: Number(offset), data, chars: payload.length });
    } else if (key !== '') {
      values.set(key, rest);
    }
  }
  throw new FrameError('smsh frame was cut short (no END line)', text);
}

/** Parses every frame in an output (a probe frame may precede the run frame); each must be complete. */
export function parseFrames(text: string): Frame[] {
  const frames: Frame[] = [];
  let at = text.indexOf('SMSH1 ');
  while (at >= 0) {
    const frame = parseFrame(text.slice(at));
    frames.push(frame);
    const end = text.indexOf('\nEND', at);
    at = end < 0 ? -1 : text.indexOf('SMSH1 ', end);
  }
  if (frames.length === 0) throw new FrameError('no smsh frame in the output', text);
  return frames;
}
