import { describe, expect, it } from 'vitest';
import { parseCpArgs, parseEndpoint } from '../../src/cli/cp-args.js';
import { PIECE_CHARS } from '../../src/session/uploader.js';
import { buildPieceScript, splitPieces } from '../../src/remote/upload-script.js';
import { progressLine } from '../../src/transfer/progress.js';
import { buildRangeScript, buildStatScript, buildTarCreateScript } from '../../src/remote/read-file-scripts.js';
import { buildCommitScript, buildTarExtractScript } from '../../src/remote/write-file-scripts.js';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

describe('parseEndpoint', () => {
  it.each([
    ['web-1:/etc/hosts', { kind: 'remote', target: 'web-1', path: '/etc/hosts' }],
    ['i-0abc:rel/file', { kind: 'remote', target: 'i-0abc', path: 'rel/file' }],
    ['web-1:', { kind: 'remote', target: 'web-1', path: '' }],
    [':/etc/hostname', { kind: 'remote', target: '', path: '/etc/hostname' }],
    ['tag:Name=web:/var/log/x', { kind: 'remote', target: 'tag:Name=web', path: '/var/log/x' }],
    ['./a:b', { kind: 'local', path: './a:b' }],
    ['/tmp/x:y', { kind: 'local', path: '/tmp/x:y' }],
    ['plain', { kind: 'local', path: 'plain' }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });
});

describe('parseCpArgs', () => {
  const parse = (argv: string[]) => parseCpArgs(argv, () => {});
  it('reads -r, --quiet and --local', () => {
    expect(parse(['-r', '--local', 'local:/etc', './x'])).toMatchObject({ recursive: true, local: true, from: { kind: 'remote', target: 'local' }, to: { kind: 'local', path: './x' } });
    expect(parse(['-q', 'f', 'box:/tmp/'])).toMatchObject({ quiet: true, from: { kind: 'local' }, to: { kind: 'remote', target: 'box', path: '/tmp/' } });
  });
  it.each([
    [['a', 'b'], /one side must be remote/],
    [['x:/a', 'y:/b'], /two remote paths/],
    [[':/a', 'b'], /needs --local/],
    [['only-one'], /missing required argument/],
  ])('refuses %j', (argv, pattern) => {
    expect(() => parse(argv)).toThrow(pattern);
  });
});

describe('splitPieces', () => {
  it.each(['gz64', 'b64', 'hex'] as const)('keeps every payload under the piece budget and the bytes whole (%s)', (enc) => {
    const data = Buffer.concat([randomBytes(100_000), Buffer.alloc(300_000, 'a'), randomBytes(50_000)]);
    const pieces = splitPieces(data, enc, PIECE_CHARS);
    expect(pieces.every((p) => p.payload.length <= PIECE_CHARS)).toBe(true);
    expect(pieces.reduce((n, p) => n + p.raw, 0)).toBe(data.length);
    if (enc === 'gz64') {
      const back = Buffer.concat(pieces.map((p) => (p.encoding === 'gz64' ? gunzipSync(Buffer.from(p.payload, 'base64')) : Buffer.from(p.payload, 'base64'))));
      expect(back.equals(data)).toBe(true);
      expect(pieces.some((p) => p.encoding === 'gz64' && p.raw > 100_000)).toBe(true);
    }
  });
});

describe('script sizes stay under the request budget (~48 KB)', () => {
  const ctx = { sessionId: '0123456789abcdef', user: 'someone', cwd: '/a/'.repeat(500), home: '/home/x', depth: 2 };
  const long = '/very/long/path'.repeat(200);
  it('every builder', () => {
    const tag = '0123456789abcdef';
    const sha = 'a'.repeat(64);
    const sizes = [
      buildStatScript(ctx, long, { hash: true, firstChunk: 65536, budget: 21_400 }),
      buildRangeScript(ctx, { kind: 'path', path: long }, 0, 1, 21_400),
      buildPieceScript(ctx.sessionId, tag, 1, { payload: 'A'.repeat(PIECE_CHARS), encoding: 'gz64' }),
      buildCommitScript(ctx, long, { tag, sha256: sha, size: 1, inline: { payload: 'A'.repeat(34_000), encoding: 'b64' } }),
      buildTarCreateScript(ctx, long, 't0.tar', { firstChunk: 1, budget: 1 }),
      buildTarExtractScript(ctx, long, { tag, sha256: sha, name: 'x' }),
    ].map((s) => s.length);
    expect(Math.max(...sizes)).toBeLessThan(48_000);
  });
});

describe('progressLine', () => {
  it('shows percent, bytes, rate and ETA', () => {
    const line = progressLine('file.bin', { done: 512 * 1024, total: 1024 * 1024 }, 2000, 100);
    expect(line).toMatch(/^file\.bin \[#+-+\] {2}50% 512 KiB\/1\.0 MiB 256 KiB\/s ETA 00:02$/);
  });
});
