import { isUtf8 } from 'node:buffer';
import type { Writable } from 'node:stream';
import type { Session } from '../session/session.js';
import type { RunResult } from '../session/events.js';

/** Everything the one-shot front end touches, injected so tests build it by hand. */
export interface OneShotOptions {
  session: Pick<Session, 'run'>;
  line: string;
  stdout: Writable;
  stderr: Writable;
  /** Bytes for the remote command's stdin (local stdin when it is not a TTY). */
  stdin?: Buffer;
  /** Print everything at the end instead of as it arrives. */
  buffered?: boolean;
  /** Print one JSON result instead of the streams. */
  json?: { instanceId: string };
  /** Aborted on the first SIGINT/SIGTERM/SIGHUP: interrupts the remote command. */
  signal?: AbortSignal;
  /** Aborted on a second signal: kills at once. */
  killSignal?: AbortSignal;
  /** The exit code an interrupt ends with: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
  interruptCode?: () => number;
  /** Told once SendCommand answered: from then on the command is AWS's, and an interrupt stops it for real. */
  onSent?: (commandId: string) => void;
}

/** How --json carries a stream: text when it is valid UTF-8, else base64 (so bytes such as 0xff survive). */
export type StreamEncoding = 'utf8' | 'base64';

/** A stream's bytes for --json: the text and the encoding field that says how to read it. Pure. */
export function jsonStream(data: Buffer): { text: string; encoding: StreamEncoding } {
  return isUtf8(data) ? { text: data.toString('utf8'), encoding: 'utf8' } : { text: data.toString('base64'), encoding: 'base64' };
}

/** `smsh host -c cmd`: remote stdout to stdout and stderr to stderr as bytes arrive; resolves to the exit code. */
export async function runOneShot(o: OneShotOptions): Promise<number> {
  const held: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
  const hold = o.buffered === true || o.json !== undefined;
  let sent = false;
  const result: RunResult = await o.session.run(o.line, {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.killSignal ? { killSignal: o.killSignal } : {}),
    ...(o.stdin ? { stdin: o.stdin } : {}),
    onEvent: (event) => {
      if (event.type === 'output') {
        if (hold) held[event.stream].push(event.data);
        else (event.stream === 'stdout' ? o.stdout : o.stderr).write(event.data);
      } else if (event.type === 'notice') {
        o.stderr.write(`${event.message}\n`);
      } else if (event.type === 'status' && event.commandId !== '' && !sent) {
        sent = true;
        o.onSent?.(event.commandId);
      }
    },
  });
  const exitCode = result.cancelled ? (o.interruptCode?.() ?? 130) : result.exitCode;
  if (o.json) {
    const stdout = jsonStream(Buffer.concat(held.stdout));
    const stderr = jsonStream(Buffer.concat(held.stderr));
    o.stdout.write(
      `${JSON.stringify({
        commandId: result.commandId,
        instanceId: o.json.instanceId,
        exitCode,
        remoteExitCode: result.exitCode,
        cancelled: result.cancelled,
        stdout: stdout.text,
        stdoutEncoding: stdout.encoding,
        stderr: stderr.text,
        stderrEncoding: stderr.encoding,
        startedAt: new Date(result.startedAt).toISOString(),
        endedAt: new Date(result.endedAt).toISOString(),
        durationMs: result.endedAt - result.startedAt,
      })}\n`,
    );
  } else if (o.buffered) {
    o.stdout.write(Buffer.concat(held.stdout));
    o.stderr.write(Buffer.concat(held.stderr));
  }
  return exitCode;
}
