/** What went wrong, in words a user can act on: every front end prints `smsh: <message>` and exits 255. */
export type SmshErrorKind =
  | 'usage'
  | 'config'
  | 'credentials'
  | 'network'
  | 'throttled'
  | 'target'
  | 'remote'
  | 'too-large'
  | 'internal';

/** The one error type smsh's own failures travel as: a one-line message plus a kind tests can assert on. */
export class SmshError extends Error {
  override readonly name = 'SmshError';
  constructor(
    readonly kind: SmshErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for errors that carry a user-facing message of smsh's own. */
export function isSmshError(error: unknown): error is SmshError {
  return error instanceof SmshError;
}
