import { SmshError } from '../util/smsh-error.js';

/**
 * Why a transfer was refused or failed, for a caller that must act on it (the editor asks before
 * overwriting on `changed`, keeps the local copy on `denied`, refuses to open on `too-large`…).
 */
export type TransferFailure =
  | 'not-found'
  | 'no-directory'
  | 'is-directory'
  | 'not-directory'
  | 'not-regular'
  | 'denied'
  | 'changed'
  | 'too-large'
  | 'binary'
  | 'verify'
  | 'write'
  | 'failed';

/** A transfer's one-line failure: an SmshError (exit 255, `smsh: <message>`) with a reason to branch on. */
export class TransferError extends SmshError {
  constructor(
    readonly reason: TransferFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(reason === 'too-large' ? 'too-large' : 'remote', message, options);
  }
}

/** True for a TransferError, optionally of one reason. */
export function isTransferError(error: unknown, reason?: TransferFailure): error is TransferError {
  return error instanceof TransferError && (reason === undefined || error.reason === reason);
}

/** Maps the reason word a script prints (`fail <word> <message>`) to a TransferFailure. */
export function failureFromScript(word: string): TransferFailure {
  switch (word) {
    case 'isdir':
      return 'is-directory';
    case 'notdir':
      return 'not-directory';
    case 'notregular':
      return 'not-regular';
    case 'nodir':
      return 'no-directory';
    case 'denied':
    case 'nouser':
      return 'denied';
    case 'changed':
      return 'changed';
    case 'verify':
      return 'verify';
    case 'write':
      return 'write';
    default:
      return 'failed';
  }
}
