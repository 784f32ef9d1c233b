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
});
