import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWord, parseFrame } from '../../src/remote/frame.js';
import { SH_LIB } from '../../src/remote/sh-lib.js';

// SH_LIB under dash with only some helpers on PATH, as on a minimal instance: smsh_emit must pick
// the best encoding there is and the bytes must come back whole through parseFrame.
const work = mkdtempSync(path.join(tmpdir(), 'smsh-shlib-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BASE = ['tail', 'head', 'tr', 'wc', 'od', 'cat'];
const which = (tool: string) => execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();

function emitWith(tools: string[], file: string, offset: number, max: number, budget: number) {
  const bin = mkdtempSync(path.join(work, 'bin-'));
  for (const tool of [...BASE, ...tools]) symlinkSync(which(tool), path.join(bin, tool));
  const script = `${SH_LIB}\nSMSH_USED=0\necho "SMSH1 read"; smsh_emit o "$1" ${offset} ${max} ${budget}; echo "end $SMSH_END"; echo END\n`;
  const out = execFileSync('/bin/sh', ['-c', script, 'sh', file], { env: { PATH: bin }, encoding: 'utf8' });
  return { out, frame: parseFrame(out) };
}

describe('smsh_emit', () => {
  const text = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `2026-11-22T05:${i % 60} INFO worker-${i % 7} job ${i * 7919} done\n`).join(''));
  const file = path.join(work, 'text');
  writeFileSync(file, text);

  it.each([
    { tools: ['base64', 'gzip', 'bzip2'], encoding: 'bz64' },
    { tools: ['base64', 'gzip'], encoding: 'gz64' },
    { tools: ['base64'], encoding: 'b64' },
    { tools: [], encoding: 'hex' },
  ])('uses $encoding with $tools on PATH, and the bytes come back whole', ({ tools, encoding }) => {
    const { out, frame } = emitWith(tools, file, 1000, 30_000, 100_000);
    expect(out).toMatch(new RegExp(`^o 1000 30000 ${encoding} `, 'm'));
    expect(frame.chunks).toHaveLength(1);
    const [chunk] = frame.chunks;
    expect(chunk!.offset).toBe(1000);
    expect(chunk!.data.equals(text.subarray(1000, 31_000))).toBe(true);
    expect(frame.values.get('end')).toBe('31000');
  });

  it('shrinks a chunk until it fits the budget, filling most of it', () => {
    const { frame } = emitWith(['base64', 'gzip', 'bzip2'], file, 0, text.length, 8_000);
    const [chunk] = frame.chunks;
    expect(chunk!.chars).toBeLessThanOrEqual(8_000);
    expect(chunk!.chars).toBeGreaterThan(7_000);
    expect(chunk!.data.equals(text.subarray(0, chunk!.data.length))).toBe(true);
    expect(frame.values.get('end')).toBe(String(chunk!.data.length));
  });

  it('sends a few bytes as plain base64 (compression would only add to them), and an empty file as nothing', () => {
    const { out, frame } = emitWith(['base64', 'gzip', 'bzip2'], file, 5, 150, 1000);
    expect(out).toMatch(/^o 5 150 b64 /m);
    expect(frame.chunks[0]!.data.equals(text.subarray(5, 155))).toBe(true);
    const empty = path.join(work, 'empty');
    writeFileSync(empty, '');
    expect(emitWith(['base64', 'gzip', 'bzip2'], empty, 0, 100, 1000).frame.chunks).toHaveLength(0);
  });
});

describe('smsh_str', () => {
  const str = (value: string, tools: string[]) => {
    const bin = mkdtempSync(path.join(work, 'bin-'));
    for (const tool of [...BASE, ...tools]) symlinkSync(which(tool), path.join(bin, tool));
    return execFileSync('/bin/sh', ['-c', `${SH_LIB}\nsmsh_str "$1"`, 'sh', value], { env: { PATH: bin }, encoding: 'utf8' });
  };
  it.each([
    { value: '/root', word: 'raw:/root' },
    { value: '/var/log/app-1.2_x+y@z%,=:', word: 'raw:/var/log/app-1.2_x+y@z%,=:' },
    { value: '', word: 'raw:' },
    { value: '/tmp/with space', word: `b64:${Buffer.from('/tmp/with space').toString('base64')}` },
    { value: '/tmp/é\nx', word: `b64:${Buffer.from('/tmp/é\nx').toString('base64')}` },
    { value: '/tmp/$HOME*', word: `b64:${Buffer.from('/tmp/$HOME*').toString('base64')}` },
  ])('gives $word for $value, spending no process on a plain path', ({ value, word }) => {
    expect(str(value, ['base64'])).toBe(word);
    expect(decodeWord(word).toString()).toBe(value);
  });
  it('falls back to hex without base64, and decodeWord refuses a raw word with other characters', () => {
    expect(str('/a b', [])).toBe(`hex:${Buffer.from('/a b').toString('hex')}`);
    expect(() => decodeWord('raw:/a b')).toThrow(/not an encoded word/);
  });
});
