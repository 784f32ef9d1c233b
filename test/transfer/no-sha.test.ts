import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWord, parseFrames } from '../../src/remote/frame.js';
import type { FileContext } from '../../src/remote/file-head.js';
import { buildStatScript } from '../../src/remote/read-file-scripts.js';
import { buildCommitScript } from '../../src/remote/write-file-scripts.js';
import { sha256Hex } from '../../src/transfer/content.js';

// The scripts run with sh here, under a PATH without sha256sum, shasum and openssl: an instance
// with no sha256 tool. Stat reports `sha -`, the change check falls back to size and mtime, and
// the commit checks the size.
let dir: string;
let bin: string;
const ctx: FileContext = { sessionId: randomBytes(8).toString('hex'), user: '', cwd: '/', home: '/root', depth: 0 };

beforeAll(() => {
  dir = mkdtempSync('/tmp/smsh-nosha-');
  bin = path.join(dir, 'bin');
  mkdirSync(bin);
  for (const from of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    let names: string[] = [];
    try {
      names = readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      if (['sha256sum', 'shasum', 'openssl'].includes(name)) continue;
      try {
        symlinkSync(path.join(from, name), path.join(bin, name));
      } catch {
        // the first directory on PATH wins
      }
    }
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(`/tmp/.smsh-${process.getuid?.() ?? 0}/${ctx.sessionId}`, { recursive: true, force: true });
});

function run(script: string) {
  const out = execFileSync('sh', ['-c', script], { env: { PATH: bin }, encoding: 'utf8' });
  return parseFrames(out)[0]!;
}

describe('an instance without any sha256 tool', () => {
  it('stat says so, and a commit uses size and mtime for the change check', () => {
    const file = path.join(dir, 'f');
    writeFileSync(file, 'content\n');
    const stat = run(buildStatScript(ctx, file, { hash: true, firstChunk: 0, budget: 20_000 }));
    expect(stat.values.get('sha')).toBe('-');
    const st = statSync(file);
    const fingerprint = `nosha:${st.size}:${Math.floor(st.mtimeMs / 1000)}`;
    const data = Buffer.from('new\r\ncontent');
    const tag = randomBytes(8).toString('hex');
    const commit = (expected: string) =>
      decodeWord(
        run(buildCommitScript(ctx, file, { tag, sha256: sha256Hex(data), size: data.length, expected, inline: { payload: data.toString('base64'), encoding: 'b64' } })).values.get('result')!,
      ).toString();
    expect(commit(`nosha:${st.size}:1`)).toMatch(/^fail changed /);
    expect(readFileSync(file, 'utf8')).toBe('content\n');
    expect(commit(fingerprint)).toMatch(/^ok 0 1 /);
    expect(readFileSync(file).equals(data)).toBe(true);
  });
});
