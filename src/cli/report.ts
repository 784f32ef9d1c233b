import type { Writable } from 'node:stream';
import { isSmshError } from '../util/smsh-error.js';

/** How a command reports a failure: `smsh: <message>` on stderr, or with --json one object on stdout. */
export interface ReportIo {
  stdout: Pick<Writable, 'write'>;
  stderr: Pick<Writable, 'write'>;
}

/** What went wrong, as the one line (or one JSON object) a command ends with. */
export interface Failure {
  /** SmshErrorKind, or `interrupted`. */
  kind: string;
  message: string;
  exitCode: number;
}

/** A thrown value as a Failure: SmshError's own message and kind; anything else is an internal error with its stack. */
export function failureOf(error: unknown, exitCode: number): Failure {
  if (isSmshError(error)) return { kind: error.kind, message: error.message, exitCode };
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { kind: 'internal', message: `internal error: ${text}`, exitCode };
}

/** Prints a failure once: one line on stderr, or with `json` one object on stdout (`{"error":{kind,message},"exitCode"}`). */
export function reportFailure(io: ReportIo, failure: Failure, json: boolean): number {
  if (json) io.stdout.write(`${JSON.stringify({ error: { kind: failure.kind, message: failure.message }, exitCode: failure.exitCode })}\n`);
  else io.stderr.write(`smsh: ${failure.message}\n`);
  return failure.exitCode;
}
