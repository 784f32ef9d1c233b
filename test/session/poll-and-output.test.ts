import { describe, expect, it } from 'vitest';
import { DEFAULT_PACE, nextRoundTrip, pollDelay, silenceInterval } from '../../src/session/pace.js';
import { OutputAssembler } from '../../src/session/output-assembler.js';

describe('pace', () => {
  const pace = { quickMs: 100, quickPolls: 2, floorMs: 250, briskMs: 3_500, slope: 0.25, capMs: 3_300, jitter: 0.2 };
  it.each([
    // attempt, expectSoon, silentMs, random, expected
    [0, true, 0, 0.5, 700], // the first poll of a result expected soon: one round trip
    [0, false, 0, 0.5, 700], // never sooner than a round trip
    [0, false, 60_000, 0.5, 3_300], // a reader after a long silence: at the cap
    [1, true, 500, 0.5, 100], // just missed: look again soon, twice
    [2, true, 500, 0.5, 100],
    [3, true, 500, 0.5, 250], // then the floor while the line was active recently
    [3, false, 3_000, 0.5, 250],
    [3, false, 7_500, 0.5, 1_250], // grows with the silence beyond the brisk time
    [3, false, 100_000, 0.5, 3_300], // up to the cap
    [3, false, 100_000, 0, 2_640], // ±20 % jitter
    [3, false, 100_000, 0.999, 3_959],
  ])('poll %i (soon=%s) after %i ms of silence with random %f waits %i ms', (attempt, expectSoon, silentMs, random, expected) => {
    expect(pollDelay(pace, { attempt, expectSoon, rttMs: 700, silentMs }, random)).toBe(expected);
  });

  it('costs under 29 calls over the first two silent minutes of a line, and under 20 a minute after the first ten seconds', () => {
    const calls = (from: number, to: number) => {
      let n = 0;
      for (let t = 700; t < to; t += pollDelay(DEFAULT_PACE, { attempt: 3, expectSoon: false, rttMs: 700, silentMs: t }, 0.5)) if (t >= from) n++;
      return n;
    };
    expect(calls(0, 120_000) / 2).toBeLessThan(29);
    expect((calls(10_000, 120_000) / 110) * 60).toBeLessThan(20);
    // The end of a 3 s line (sent, delivered ~0.5 s later, ended 3 s after that, reported 0.3 s later) is looked for every 200 ms.
    expect(silenceInterval(DEFAULT_PACE, 3_900)).toBeLessThanOrEqual(200);
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
