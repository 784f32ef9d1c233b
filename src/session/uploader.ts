import { randomBytes } from 'node:crypto';
import { buildSpoolCleanupScript } from '../remote/read-file-scripts.js';
import { buildPieceScript, readPieceOutput, splitPieces } from '../remote/upload-script.js';
import { SmshError } from '../util/smsh-error.js';
import { readOrExplain, type Channel } from './channel.js';

/** Characters of payload a piece's script carries: the script stays under ~48 KB (SSM rejects parameters over 64 KB). */
export const PIECE_CHARS = 40_000;

/** What an upload is for, and how to follow it. */
export interface UploadSpec {
  /** The line the upload serves, for the pieces' Comment. */
  line: string;
  /** What the pieces are, for the Comment: `(stdin)`, `(long line)`, `(put piece)`. */
  tag: string;
  signal?: AbortSignal;
  /** Bytes stored so far, after each piece. */
  onProgress?: (done: number, total: number) => void;
}

/** Thrown when a piece was not stored whole: the instance's /tmp may be full. */
export class PieceLostError extends SmshError {
  constructor(stored: number | undefined, expected: number) {
    super('remote', `a piece of the upload was not stored on the instance (${stored ?? '?'} of ${expected} bytes; is /tmp full?)`);
  }
}

/**
 * The one piece uploader: stdin, over-long lines and files travel to `$S/f<tag>/` in pieces that
 * fit a request, as many at once as the session's worker budget allows, each confirmed by its
 * stored size. Resolves to the tag once every piece is stored; whoever consumes them joins
 * `$S/f<tag>/*`. On a failure or an abort it stops sending, waits until no piece is in flight (so
 * none can land after the cleanup), removes what was stored, and rethrows.
 */
export async function uploadPieces(channel: Channel, sessionId: string, data: Buffer, spec: UploadSpec): Promise<string> {
  const tag = randomBytes(8).toString('hex');
  const pieces = splitPieces(data, channel.encoding, PIECE_CHARS);
  let next = 0;
  let done = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < pieces.length) {
      const index = next++;
      const piece = pieces[index]!;
      try {
        spec.signal?.throwIfAborted();
        // The abort stops the next piece, never one in flight: it must land before the cleanup, not after.
        const doc = await channel.send(buildPieceScript(sessionId, tag, index, piece), { line: spec.line, tag: spec.tag, timeoutSeconds: 120, ...(spec.signal ? { signal: spec.signal } : {}) });
        const stored = readOrExplain(await channel.wait(doc, { expectSoon: true }), readPieceOutput);
        if (stored?.size !== piece.raw) throw new PieceLostError(stored?.size, piece.raw);
        done += piece.raw;
        spec.onProgress?.(done, data.length);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(channel.budget.size, pieces.length)) }, worker));
  if (failure !== undefined) {
    await removeUpload(channel, sessionId, tag, spec.line);
    throw failure;
  }
  return tag;
}

/** Removes an upload's pieces (best effort, bounded: the session's end removes the whole spool anyway). */
export async function removeUpload(channel: Channel, sessionId: string, tag: string, line: string): Promise<void> {
  try {
    const inv = await channel.run(buildSpoolCleanupScript(sessionId, [`f${tag}`]), { line, tag: '(cleanup)', timeoutSeconds: 60, control: true, expectSoon: true, signal: AbortSignal.timeout(30_000) });
    readOrExplain(inv, (stdout) => stdout);
  } catch {
    // the session's end script removes the whole spool
  }
}
