import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FrameError, parseFrame, parseFrames } from '../../src/remote/frame.js';

describe('parseFrame', () => {
  const gz = gzipSync(Buffer.from('hi\n')).toString('base64');
  it('decodes keys and chunks of every encoding', () => {
    const f = parseFrame(`noise\nSMSH1 run\nrc 3\no 0 3 gz64 ${gz}\ne 5 2 hex 0a00\no 3 1 b64 eA==\nEND\n`);
    expect(f.kind).toBe('run');
    expect(f.values.get('rc')).toBe('3');
    expect(f.chunks.map((c) => [c.stream, c.offset, c.data.toString('hex')])).toEqual([
      ['stdout', 0, Buffer.from('hi\n').toString('hex')],
      ['stderr', 5, '0a00'],
      ['stdout', 3, '78'],
    ]);
  });
  it('rejects a frame cut short by the output cap', () => {
    expect(() => parseFrame('SMSH1 read\nsize 1 0\no 0 1 b64 eA')).toThrow(FrameError);
  });
  it('rejects a chunk whose length does not match', () => {
    expect(() => parseFrame('SMSH1 read\no 0 2 b64 eA==\nEND')).toThrow(/length/);
  });
  it('reads a probe frame and a run frame from one output', () => {
    expect(parseFrames('SMSH1 probe\nuser root\nEND\nSMSH1 run\nrc 0\nEND\n').map((f) => f.kind)).toEqual(['probe', 'run']);
  });
  it('decodes bzip2 chunks made by the instance\'s bzip2, and rejects one cut short or of another size', () => {
    const raw = Buffer.from(Array.from({ length: 2000 }, (_, i) => `line ${i} status=ok\n`).join(''));
    const bz = execFileSync('bzip2', ['-9', '-c'], { input: raw }).toString('base64');
    const f = parseFrame(`SMSH1 read\no 0 ${raw.length} bz64 ${bz}\nEND\n`);
    expect(f.chunks[0]!.data.equals(raw)).toBe(true);
    expect(f.chunks[0]!.chars).toBe(bz.length);
    expect(() => parseFrame(`SMSH1 read\no 0 ${raw.length} bz64 ${bz.slice(0, 200)}\nEND\n`)).toThrow(FrameError);
    expect(() => parseFrame(`SMSH1 read\no 0 ${raw.length - 1} bz64 ${bz}\nEND\n`)).toThrow(FrameError);
  });
});
