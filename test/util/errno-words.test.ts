import { describe, expect, it } from 'vitest';
import { describeError, errnoWords } from '../../src/util/errno-words.js';

const fsError = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), { code });

describe('describeError', () => {
  it.each<[string, string]>([
    ['ENOENT', 'no such file or directory'],
    ['EACCES', 'permission denied'],
    ['ENOSPC', 'no space left on device'],
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host not found'],
    ['EAGAIN', 'resource temporarily unavailable'],
  ])('says %s in words', (code, words) => {
    expect(describeError(fsError(code))).toBe(words);
  });

  it('falls back to the message for an error without a known code, and to the text of a non-error', () => {
    expect(describeError(Object.assign(new Error('tar exited 2'), { code: 'ERR_SOMETHING' }))).toBe('tar exited 2');
    expect(describeError('plain')).toBe('plain');
  });

  it('knows nothing of codes that are not errno codes', () => {
    expect(errnoWords('NotAnErrno')).toBeUndefined();
  });
});
