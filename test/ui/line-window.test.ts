import { describe, expect, it } from 'vitest';
import { hiddenMark, lineWindow } from '../../src/ui/line-window.js';

describe('lineWindow', () => {
  it.each<[string, string, number, number, { hiddenBefore: number; before: string; after: string; hiddenAfter: number }]>([
    ['a line that fits is shown whole', 'echo hi', 4, 20, { hiddenBefore: 0, before: 'echo', after: ' hi', hiddenAfter: 0 }],
    ['typing at the end of a long line shows its end', '0123456789', 10, 4, { hiddenBefore: 6, before: '6789', after: '', hiddenAfter: 0 }],
    ['at the start of a long line, its start', '0123456789', 0, 4, { hiddenBefore: 0, before: '', after: '0123', hiddenAfter: 6 }],
    ['in the middle, the cursor is centred', '0123456789', 5, 4, { hiddenBefore: 3, before: '34', after: '56', hiddenAfter: 3 }],
    ['a surrogate pair is never split', 'ab😀cdef', 8, 5, { hiddenBefore: 4, before: 'cdef', after: '', hiddenAfter: 0 }],
  ])('%s', (_what, text, cursor, budget, want) => {
    expect(lineWindow(text, cursor, budget)).toEqual(want);
  });

  it('costs the window, not the line: a 1 MB line gives a window of the budget', () => {
    const w = lineWindow('x'.repeat(1_000_000), 1_000_000, 900);
    expect(w.before.length + w.after.length).toBe(900);
    expect(w.hiddenBefore).toBe(999_100);
  });

  it('marks what is hidden, and nothing when nothing is', () => {
    expect(hiddenMark(0)).toBe('');
    expect(hiddenMark(12345)).toBe('…(12345 more)');
  });
});
