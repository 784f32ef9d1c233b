import { describe, expect, it } from 'vitest';
import { pollDelay, updateRoundTrip } from '../../src/session/poll-schedule.js';
import { OutputAssembler } from '../../src/session/output-assembler.js';

describe('pollDelay', () => {
  const s = { firstMs: 200, factor: 2, capMs: 1000, jitter: 0.2 };
  it.each([
    [0, 0.5, 200],
    [1, 0.5, 400],
    [2, 0.5, 800],
    [3, 0.5, 1000],
    [9, 0.5, 1000],
    [0, 0, 160],
    [0, 0.999, 240],
  ])('poll %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(pollDelay(s, attempt, random)).toBe(expected);
  });

  it('moves the round-trip estimate toward what was observed', () => {
    expect(updateRoundTrip(1000, 500, 0.5)).toBe(750);
    expect(updateRoundTrip(100, 100)).toBe(100);
  });
});

describe('OutputAssembler', () => {
  const run = (chunks: [number, string][]) => {
    const got: string[] = [];
    const a = new OutputAssembler((_s, d) => got.push(d.toString()));
    for (const [offset, text] of chunks) a.accept({ stream: 'stdout', offset, data: Buffer.from(text) });
    return { text: got.join(''), next: a.next.stdout };
  };
  it('delivers chunks in order', () => expect(run([[0, 'ab'], [2, 'cd']])).toEqual({ text: 'abcd', next: 4 }));
  it('drops a repeated chunk', () => expect(run([[0, 'ab'], [0, 'ab'], [2, 'c']])).toEqual({ text: 'abc', next: 3 }));
  it('trims an overlapping chunk', () => expect(run([[0, 'abc'], [1, 'bcde']])).toEqual({ text: 'abcde', next: 5 }));
  it('holds a chunk ahead of a gap until the gap fills', () => expect(run([[3, 'de'], [0, 'abc']])).toEqual({ text: 'abcde', next: 5 }));
  it('keeps waiting while the gap is open', () => expect(run([[3, 'de']])).toEqual({ text: '', next: 0 }));
});
