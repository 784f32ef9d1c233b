import { parseFrames, type Frame } from '../remote/frame.js';
import type { FileContext } from '../remote/file-head.js';
import type { Channel } from '../session/channel.js';
import type { SessionPlace } from '../session/events.js';
import { SmshError } from '../util/smsh-error.js';
import { TransferError } from './errors.js';

// What every transfer function shares: the session it goes through, progress, and how one
// transfer script is run and its frame taken.

/** What the transfer functions need of a session (src/session's Session has it all). */
export interface TransferSession {
  readonly id: string;
  place(): SessionPlace;
  /** Every script goes through the session's channel, and so under its worker budget. */
  readonly channel: Channel;
}

/** Progress of one transfer, in bytes of the file (or archive). */
export interface TransferProgress {
  done: number;
  total: number;
}

/** Options every transfer takes. */
export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}


/** Frame room kept for keys besides the chunk. */
export const FRAME_SLACK = 600;

/** Who and where the session is, as file scripts need it. */
export function context(session: TransferSession): FileContext {
  const p = session.place();
  return { sessionId: session.id, user: p.user, cwd: p.cwd, home: p.home, depth: p.depth };
}

/** The first line of a text (a script's stderr), for one-line messages. */
export function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Sends one script through the channel, waits for it, and returns its frame; a missing or broken frame is one clear error. */
export async function runScript(session: TransferSession, script: string, comment: string, signal: AbortSignal | undefined, timeoutSeconds = 300): Promise<Frame> {
  signal?.throwIfAborted();
  if (script.length > 48_000) throw new SmshError('internal', `a transfer script grew to ${script.length} characters`);
  const inv = await session.channel.run(script, { line: comment, timeoutSeconds, expectSoon: true, ...(signal ? { signal } : {}) });
  let frame: Frame | undefined;
  try {
    frame = parseFrames(inv.stdout)[0];
  } catch {
    frame = undefined;
  }
  if (frame === undefined) {
    const why = firstLine(inv.stderr) || inv.statusDetails || inv.status;
    throw new TransferError('failed', `the transfer step ${comment} failed on the instance: ${why}`);
  }
  return frame;
}

/** A stat frame says what the instance decodes: the channel keeps it (one cache for the session). */
export function learnEncoding(session: TransferSession, frame: Frame): void {
  const enc = frame.values.get('enc');
  if (enc === 'gz64' || enc === 'b64' || enc === 'hex') session.channel.encoding = enc;
}


/** Refuses a path no script could take. */
export function checkPath(remotePath: string): void {
  if (remotePath === '') throw new SmshError('usage', 'empty remote path');
  if (remotePath.includes('\0')) throw new SmshError('usage', 'a path cannot contain a NUL byte');
}
