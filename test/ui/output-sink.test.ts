import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { OutputSink, partialView } from '../../src/ui/output-sink.js';

function sink() {
  const written: string[] = [];
  const partials: string[] = [];
  const s = new OutputSink((t) => written.push(t), (p) => partials.push(p));
  return { s, written, partials };
}

describe('OutputSink', () => {
  it('writes complete lines and shows the unfinished one in the frame', () => {
    const { s, written, partials } = sink();
    s.push(Buffer.from('one\ntw'));
    s.push(Buffer.from('o\nthr'));
    expect(written).toEqual(['one\n', 'two\n']);
    expect(partials.at(-1)).toBe('thr');
    s.end();
    expect(written).toEqual(['one\n', 'two\n', 'thr\n']);
    expect(partials.at(-1)).toBe('');
  });

  it('shows a carriage-return progress bar as its latest state', () => {
    const { s, written, partials } = sink();
    s.push(Buffer.from('\r10%\r20%'));
    expect(partials.at(-1)).toBe('20%');
    s.push(Buffer.from('\r100%\n'));
    expect(written).toEqual(['\r10%\r20%\r100%\n']);
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const { s, written } = sink();
    const bytes = Buffer.from('é\n');
    s.push(bytes.subarray(0, 1));
    s.push(bytes.subarray(1));
    expect(written).toEqual(['é\n']);
  });

  it('gives an unfinished line a line of its own before a notice, and carries on after it', () => {
    const { s, written, partials } = sink();
    s.push(Buffer.from('a\nhalf a li'));
    s.breakLine();
    s.breakLine();
    s.push(Buffer.from('next\n'));
    expect(written).toEqual(['a\n', 'half a li\n', 'next\n']);
    expect(partials.at(-2)).toBe('');
  });

  it('writes nothing at the end when every line was complete', () => {
    const { s, written } = sink();
    s.push(Buffer.from('a\n'));
    s.end();
    expect(written).toEqual(['a\n']);
  });

  it.each([
    ['abc', 'abc'],
    ['10%\r20%', '20%'],
    ['20%\r', '20%'],
    ['\x1b[31mred\x1b[0m', '\x1b[31mred\x1b[0m'],
    ['a\x1b[2Kb\x07', 'ab'],
  ])('partialView(%j) = %j', (text, shown) => {
    expect(partialView(text)).toBe(shown);
  });
  it('does not keep the chunks it showed a partial line of alive (Ink caches every text it measures)', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const kept: string[] = []; // what Ink's measure-text and wrap-text caches do with each partial line
    const sink = new OutputSink(() => {}, (partial) => kept.push(partial));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300; i++) {
      // ~100 KB of lines, cut mid-line as range readers cut output
      sink.push(Buffer.from(`${`line ${i} ${'x'.repeat(90)}\n`.repeat(1000)}a partial line, number ${i}, cut mid-way`));
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(300);
    expect(grown).toBeLessThan(5 * 2 ** 20); // 300 chunks of ~100 KB would be ~30 MB
  });
});
