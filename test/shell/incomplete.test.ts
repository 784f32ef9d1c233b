import { describe, expect, it } from 'vitest';
import { completeness, isIncomplete } from '../../src/shell/incomplete.js';
import { CASES } from './incomplete-cases.js';

describe('completeness of a typed input', () => {
  it.each(CASES)('%j is %s', (text, expected) => {
    expect(completeness(text)).toBe(expected);
  });

  it('only an incomplete input waits for more', () => {
    expect(isIncomplete('for i in 1; do')).toBe(true);
    expect(isIncomplete('fi')).toBe(false);
    expect(isIncomplete('echo hi')).toBe(false);
  });
});
