import { describe, expect, it } from 'vitest';
import { nextRoundTrip, pollDelay } from '../../src/session/poll-schedule.js';
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

  it.each([
    [1000, true, 970],
    [1000, false, 1035],
    [50, true, 50],
    [4900, false, 5000],
  ])('moves a round-trip estimate of %i ms after a first-poll hit=%s to %i ms', (ms, hit, expected) => {
    expect(nextRoundTrip(ms, hit)).toBe(expected);
  });

  it('settles just above the real round trip instead of growing without bound', () => {
    // The result is ready 700 ms after sending; a first poll at or after that is a hit.
    let estimate = 2000;
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      estimate = nextRoundTrip(estimate, estimate >= 700);
      seen.push(estimate);
    }
    const late = seen.slice(100);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(640);
    expect(Math.max(...late)).toBeLessThanOrEqual(760);
    expect(late.filter((ms) => ms >= 700).length / late.length).toBeGreaterThan(0.5);
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

  it.each([
    { name: 'skips what was never read', chunks: [[0, 'ab']], skip: 5, after: [[5, 'fg']], text: 'abfg', skipped: 3, next: 7 },
    { name: 'delivers the rest of a held chunk that straddles the skip point', chunks: [[0, 'a'], [3, 'defg']], skip: 5, after: [], text: 'afg', skipped: 4, next: 7 },
    { name: 'drops held chunks wholly before the skip point', chunks: [[2, 'cd']], skip: 4, after: [[4, 'e'], [2, 'cd']], text: 'e', skipped: 4, next: 5 },
    { name: 'skips nothing when the point was already delivered', chunks: [[0, 'abcdef']], skip: 3, after: [], text: 'abcdef', skipped: 0, next: 6 },
  ] as const)('skipTo $name', ({ chunks, skip, after, text, skipped, next }) => {
    const got: string[] = [];
    const a = new OutputAssembler((_s, d) => got.push(d.toString()));
    const put = ([offset, t]: readonly [number, string]) => a.accept({ stream: 'stdout', offset, data: Buffer.from(t) });
    chunks.forEach(put);
    expect(a.skipTo('stdout', skip)).toBe(skipped);
    after.forEach(put);
    expect({ text: got.join(''), next: a.next.stdout }).toEqual({ text, next });
  });
});
