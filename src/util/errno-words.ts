import { getSystemErrorMap } from 'node:util';

// Codes whose libuv text is terse or missing (getaddrinfo's, the SDK's), in smsh's words.
const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'file exists',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENOTEMPTY: 'directory not empty',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'cross-device link not permitted',
  EBUSY: 'resource busy',
  EIO: 'input/output error',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENETDOWN: 'network is down',
  EADDRNOTAVAIL: 'address not available',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
};

let systemWords: Map<string, string> | undefined;

/** The words for an errno code (`ENOENT` → `no such file or directory`), or undefined for a code Node does not know. */
export function errnoWords(code: string): string | undefined {
  if (WORDS[code] !== undefined) return WORDS[code];
  systemWords ??= new Map([...getSystemErrorMap().values()].map(([name, text]) => [name, text]));
  return systemWords.get(code);
}

/**
 * Why a file or network operation failed, in words, for one-line messages: a Node error's code
 * said the way `ls` and `cp` would say it, so no raw `ENOENT` reaches the user; other errors
 * give their message. The one place errno codes become text.
 */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      const words = errnoWords(code);
      if (words !== undefined) return words;
    }
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return String(error);
}
