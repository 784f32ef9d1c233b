import type { Readable, Writable } from 'node:stream';
import type { OpenTargetArgs, OpenTargetDeps, OpenedTarget } from '../factory.js';
import type { Signals } from '../signals.js';

/** The terminal streams a command uses (process's in bin/, in-memory streams in tests). */
export interface CommandIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

/** What every command gets injected: its IO, the environment, the process's signals and the factory. */
export interface CommandContext {
  io: CommandIo;
  env: Readonly<Record<string, string | undefined>>;
  signals: Signals;
  /** Opens the target (the factory's openTarget; a fake in tests). */
  open: (args: OpenTargetArgs, deps: OpenTargetDeps) => Promise<OpenedTarget>;
}

/** Reads a stream to its end, or until `signal` aborts: then rejects with its reason and destroys the stream, which would keep the process alive. */
export function readAll(stream: Readable, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const parts: Buffer[] = [];
    const onData = (part: Buffer | string) => void parts.push(typeof part === 'string' ? Buffer.from(part) : part);
    const done = (error?: unknown) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(Buffer.concat(parts));
      else reject(error);
    };
    const onEnd = () => done();
    const onError = (error: unknown) => done(error);
    const onAbort = () => {
      done(signal?.reason);
      stream.destroy();
    };
    stream.on('data', onData).once('end', onEnd).once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
