// The completeness table agrees with bash itself: `bash -n` says "unexpected end of file" or "unexpected EOF" (or
// that a here-document ended at end of file) for an input bash would continue under `> `, and a
// trailing `\` is seen by appending a line `;` that only a continued line can absorb.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Completeness } from '../../src/shell/incomplete.js';
import { CASES } from './incomplete-cases.js';

function bashSays(text: string): Completeness {
  const check = (input: string) => spawnSync('bash', ['--norc', '-n'], { input, encoding: 'utf8', env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } });
  const r = check(`${text}\n`);
  if (/unexpected end of file|unexpected EOF|delimited by end-of-file/.test(r.stderr)) return 'incomplete';
  if (r.status !== 0) return 'error';
  return check(`${text}\n;\n`).status === 0 ? 'incomplete' : 'complete';
}

describe('the completeness table agrees with bash -n', () => {
  it.each(CASES)('bash finds %j %s', (text, expected) => {
    expect(bashSays(text)).toBe(expected);
  });
});
