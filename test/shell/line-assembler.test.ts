import { describe, expect, it } from 'vitest';
import { LineAssembler } from '../../src/shell/line-assembler.js';

describe('gathering typed lines into commands', () => {
  it('runs a complete line at once', () => {
    const a = new LineAssembler();
    expect(a.push('echo hi')).toBe('echo hi');
    expect(a.pending).toBe(false);
  });

  it('holds a for loop split over lines until done, then runs it as one command', () => {
    const a = new LineAssembler();
    expect(a.push('for i in 1 2')).toBeNull();
    expect(a.pending).toBe(true);
    expect(a.push('do echo $i')).toBeNull();
    expect(a.push('done')).toBe('for i in 1 2\ndo echo $i\ndone');
    expect(a.pending).toBe(false);
  });

  it('holds a line ending in a backslash and a here-document until their end', () => {
    const a = new LineAssembler();
    expect(a.push('echo a \\')).toBeNull();
    expect(a.push('b')).toBe('echo a \\\nb');
    expect(a.push('cat <<EOF')).toBeNull();
    expect(a.push('x')).toBeNull();
    expect(a.push('EOF')).toBe('cat <<EOF\nx\nEOF');
  });

  it('gives up what it holds when asked (end of input, Ctrl+C)', () => {
    const a = new LineAssembler();
    a.push('if true; then');
    expect(a.take()).toBe('if true; then');
    expect(a.pending).toBe(false);
    expect(a.take()).toBeNull();
  });
});
