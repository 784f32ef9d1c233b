import { describe, expect, it } from 'vitest';
import { callDelta, median, medianByOperation, percentile, splitLines, summarize, totalCalls } from '../../bench/stats.js';
import { formatValue, metricsMarkdown, metricsTable, renderTable, verdict } from '../../bench/report.js';

describe('bench stats', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0)).toBe(1);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile(Array.from({ length: 21 }, (_, i) => i * 10), 95)).toBe(190);
    expect(percentile([7], 95)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('summarizes, and gives NaN for no samples', () => {
    const s = summarize([1, 2, 3, 4]);
    expect({ ...s, p95: 0 }).toEqual({ n: 4, min: 1, p50: 2.5, p95: 0, max: 4, mean: 2.5 });
    expect(s.p95).toBeCloseTo(3.85, 10);
    expect(summarize([]).n).toBe(0);
    expect(Number.isNaN(summarize([]).p95)).toBe(true);
  });

  it('takes per-operation call deltas and medians', () => {
    expect(callDelta({ SendCommand: 2, GetCommandInvocation: 5 }, { SendCommand: 3, GetCommandInvocation: 5, CancelCommand: 1 })).toEqual({ SendCommand: 1, CancelCommand: 1 });
    expect(totalCalls({ a: 1, b: 2 })).toBe(3);
    expect(medianByOperation([{ SendCommand: 1, GetCommandInvocation: 1 }, { SendCommand: 1, GetCommandInvocation: 2 }, { SendCommand: 1 }])).toEqual({
      GetCommandInvocation: 1,
      SendCommand: 1,
    });
  });

  it('splits streamed chunks into whole lines, carrying the partial tail', () => {
    let r = splitLines('', '12\n34');
    expect(r).toEqual({ lines: ['12'], tail: '34' });
    r = splitLines(r.tail, '56\n\n78\n');
    expect(r).toEqual({ lines: ['3456', '', '78'], tail: '' });
  });
});

describe('bench report', () => {
  it('formats values and verdicts', () => {
    expect(formatValue(3, '')).toBe('3');
    expect(formatValue(876.4, 'ms')).toBe('876 ms');
    expect(formatValue(0.214, 'MB/s')).toBe('0.21 MB/s');
    expect(formatValue(Number.NaN, 'ms')).toBe('n/a');
    expect(verdict({ pass: true })).toBe('PASS');
    expect(verdict({ pass: false })).toBe('FAIL');
    expect(verdict({})).toBe('');
  });

  it('pads columns to the widest cell', () => {
    expect(renderTable(['a', 'bb'], [['xxx', 'y']])).toBe('a    bb\n---  --\nxxx  y');
  });

  it('renders metrics as text and Markdown', () => {
    const m = [{ case: 'short-command', name: 'latency p50', value: 812, unit: 'ms', floor: '700 ms', target: '≤ 850 ms', pass: true }];
    expect(metricsTable(m).split('\n')[2]).toBe('short-command  latency p50  812 ms  700 ms  ≤ 850 ms  PASS');
    expect(metricsMarkdown(m).split('\n')[2]).toBe('| short-command | latency p50 | 812 ms | 700 ms | ≤ 850 ms | PASS |');
  });
});
