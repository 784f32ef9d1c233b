import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/session/session.js';
import { isBinary, sha256Hex } from '../../src/transfer/content.js';
import { TransferError } from '../../src/transfer/errors.js';
import { downloadFile, statRemote, uploadFile } from '../../src/transfer/remote-files.js';
import { startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
let session: Session;
let dir: string;

beforeAll(async () => {
  fx = await startEngineFixture();
  // A long quick window: the probe's facts (user, home) come only with the run invocation itself,
  // so a session start that is streamed under load would leave place() empty.
  session = fx.open();
  await session.start();
  dir = mkdtempSync('/tmp/smsh-transfer-');
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await session?.end();
  await fx?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a failing call threw, for asserting on its reason. */
async function failure(promise: Promise<unknown>): Promise<TransferError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransferError) return error;
    throw error;
  }
  throw new Error('expected a TransferError');
}

/** Files in a directory besides the ones named: temp files left behind would show here. */
function others(where: string, ...names: string[]): string[] {
  return readdirSync(where).filter((n) => !names.includes(n));
}

function spoolLeftovers(): string[] {
  const spool = `/tmp/.smsh-0/${session.id}`;
  return readdirSync(spool).filter((n) => n.startsWith('f') || n.startsWith('t') || n.startsWith('.'));
}

describe('download', () => {
  it.each([
    ['a 0-byte file', Buffer.alloc(0)],
    ['text with CRLF and no final newline', Buffer.from('one\r\ntwo\r\nthree')],
    ['a 5 MB random binary file', randomBytes(5 * 1024 * 1024)],
    ['1 MB of compressible text', Buffer.from('line of text that repeats\n'.repeat(40_000))],
  ])('%s, byte-exact, with its sha256 and mode', async (_what, content) => {
    const file = path.join(dir, `down-${randomBytes(4).toString('hex')}`);
    writeFileSync(file, content);
    chmodSync(file, 0o640);
    const progress: number[] = [];
    const r = await downloadFile(session, file, { onProgress: (p) => progress.push(p.done) });
    expect(r.data.equals(content)).toBe(true);
    expect(r.sha256).toBe(sha256Hex(content));
    expect(r.fingerprint).toBe(sha256Hex(content));
    expect(r.mode).toBe(0o640);
    expect(r.size).toBe(content.length);
    expect(progress.at(-1)).toBe(content.length);
  }, 120_000);

  it('resolves paths relative to the session cwd and ~', async () => {
    writeFileSync(path.join(dir, 'rel.txt'), 'relative\n');
    await session.run(`cd ${dir}`);
    expect((await downloadFile(session, 'rel.txt')).data.toString()).toBe('relative\n');
    expect((await downloadFile(session, './rel.txt')).path).toBe(path.join(dir, 'rel.txt'));
    const home = session.place().home;
    expect((await statRemote(session, '~')).path).toBe(home);
    expect((await statRemote(session, '~root')).path).toBe('/root');
  });

  it('refuses a directory, a missing file and one over the size limit, each with its reason', async () => {
    expect((await failure(downloadFile(session, dir))).reason).toBe('is-directory');
    expect((await failure(downloadFile(session, path.join(dir, 'nope')))).reason).toBe('not-found');
    writeFileSync(path.join(dir, 'big'), Buffer.alloc(3000));
    const tooLarge = await failure(downloadFile(session, path.join(dir, 'big'), { maxBytes: 2000 }));
    expect(tooLarge.reason).toBe('too-large');
    expect(tooLarge.message).toMatch(/over the limit/);
  });
});

describe('upload', () => {
  it.each([
    ['a 0-byte file', Buffer.alloc(0)],
    ['text with CRLF and no final newline', Buffer.from('a\r\nb\r\nno newline')],
    ['a 5 MB random binary file', randomBytes(5 * 1024 * 1024)],
    ['200 KB of compressible text', Buffer.from('x'.repeat(200_000))],
  ])('a new file: %s, byte-exact, as the session user with its umask', async (_what, content) => {
    const file = path.join(dir, `up-${randomBytes(4).toString('hex')}`);
    const r = await uploadFile(session, file, content, { expectedRemoteSha: null });
    expect(readFileSync(file).equals(content)).toBe(true);
    expect(r).toMatchObject({ path: file, size: content.length, sha256: sha256Hex(content), created: true, atomic: true, mode: 0o644 });
    expect(statSync(file).mode & 0o7777).toBe(0o644);
    expect(others(dir, ...readdirSync(dir).filter((n) => !n.startsWith('.')))).toEqual([]);
    expect(spoolLeftovers()).toEqual([]);
  }, 120_000);

  it('an existing file keeps its mode and owner', async () => {
    const file = path.join(dir, 'owned');
    writeFileSync(file, 'old\n');
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o4751);
    const r = await uploadFile(session, file, Buffer.from('new\r\n'));
    expect(readFileSync(file, 'utf8')).toBe('new\r\n');
    const st = statSync(file);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([65534, 65534, 0o4751]);
    expect(r).toMatchObject({ created: false, atomic: true, mode: 0o4751 });
  });

  it('follows a symlink (it stays a link) and keeps hard links by writing in place', async () => {
    const target = path.join(dir, 'link-target');
    writeFileSync(target, 'before\n');
    const link = path.join(dir, 'the-link');
    symlinkSync('link-target', link);
    await uploadFile(session, link, Buffer.from('through the link\n'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('through the link\n');
    const hard = path.join(dir, 'hard-2');
    linkSync(target, hard);
    const r = await uploadFile(session, target, Buffer.from('both names\n'));
    expect(r.atomic).toBe(false);
    expect(readFileSync(hard, 'utf8')).toBe('both names\n');
    expect(statSync(hard).nlink).toBe(2);
    expect(others(dir).filter((n) => n.includes('.smsh-'))).toEqual([]);
  });

  it('refuses a directory', async () => {
    expect((await failure(uploadFile(session, dir, Buffer.from('x')))).reason).toBe('is-directory');
    expect((await failure(uploadFile(session, dir, randomBytes(200_000)))).reason).toBe('is-directory');
  });

  it('detects a concurrent remote change, and a file created meanwhile', async () => {
    const file = path.join(dir, 'edited');
    writeFileSync(file, 'original\n');
    const got = await downloadFile(session, file);
    writeFileSync(file, 'someone else\n');
    const small = await failure(uploadFile(session, file, Buffer.from('mine\n'), { expectedRemoteSha: got.fingerprint }));
    expect(small.reason).toBe('changed');
    const large = await failure(uploadFile(session, file, randomBytes(300_000), { expectedRemoteSha: got.fingerprint }));
    expect(large.reason).toBe('changed');
    expect(readFileSync(file, 'utf8')).toBe('someone else\n');
    const fresh = path.join(dir, 'fresh');
    writeFileSync(fresh, 'appeared');
    expect((await failure(uploadFile(session, fresh, Buffer.from('mine'), { expectedRemoteSha: null }))).reason).toBe('changed');
    // Unchanged: the upload goes through.
    const again = await downloadFile(session, file);
    await uploadFile(session, file, Buffer.from('mine\n'), { expectedRemoteSha: again.fingerprint });
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(others(dir).filter((n) => n.includes('.smsh-'))).toEqual([]);
  });

  it('is atomic: a reader sees the old or the new content, never a part, and no temp file stays', async () => {
    const file = path.join(dir, 'atomic');
    const before = randomBytes(1024 * 1024);
    const after = randomBytes(2 * 1024 * 1024);
    writeFileSync(file, before);
    const seen = new Set<string>();
    let done = false;
    const watcher = (async () => {
      while (!done) {
        seen.add(sha256Hex(readFileSync(file)));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await uploadFile(session, file, after);
    done = true;
    await watcher;
    seen.add(sha256Hex(readFileSync(file)));
    expect([...seen].every((s) => s === sha256Hex(before) || s === sha256Hex(after))).toBe(true);
    expect(seen.has(sha256Hex(after))).toBe(true);
    expect(others(dir).filter((n) => n.includes('.smsh-'))).toEqual([]);
    expect(spoolLeftovers()).toEqual([]);
  }, 60_000);
});

describe('as another user (su nobody)', () => {
  let nobody: Session;
  let locked: string;
  let open: string;
  beforeAll(async () => {
    nobody = fx.open();
    await nobody.start();
    await nobody.run('su nobody');
    locked = path.join(dir, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    chmodSync(locked, 0o755);
    writeFileSync(path.join(locked, 'secret'), 'root only\n', { mode: 0o600 });
    chmodSync(path.join(locked, 'secret'), 0o600);
    open = path.join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o1777);
  });
  afterAll(async () => {
    await nobody?.end();
  });

  it('the session user is nobody', () => {
    expect(nobody.place().user).toBe('nobody');
  });

  it('permission denied: writing in a directory nobody cannot write, or reading a file it cannot read', async () => {
    const write = await failure(uploadFile(nobody, path.join(locked, 'new'), Buffer.from('x')));
    expect(write.reason).toBe('denied');
    expect(write.message).toMatch(/permission denied/);
    expect(existsSync(path.join(locked, 'new'))).toBe(false);
    const big = await failure(uploadFile(nobody, path.join(locked, 'new'), randomBytes(100_000)));
    expect(big.reason).toBe('denied');
    const read = await failure(downloadFile(nobody, path.join(locked, 'secret')));
    expect(read.reason).toBe('denied');
    expect(others(locked)).toEqual(['secret']);
  });

  it('writes in place a file nobody may write in a directory it may not (owner kept, not atomic)', async () => {
    const shared = path.join(locked, 'shared');
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o666);
    const r = await uploadFile(nobody, shared, Buffer.from('new from nobody\n'));
    expect(r).toMatchObject({ atomic: false, created: false, mode: 0o666 });
    expect(readFileSync(shared, 'utf8')).toBe('new from nobody\n');
    expect(statSync(shared).uid).toBe(0);
    rmSync(shared);
  });

  it('creates a new file as nobody, with its umask', async () => {
    await nobody.run('umask 027');
    const file = path.join(open, 'by-nobody');
    const content = randomBytes(70_000);
    await uploadFile(nobody, file, content);
    const st = statSync(file);
    expect([st.uid, st.mode & 0o777]).toEqual([65534, 0o640]);
    expect(readFileSync(file).equals(content)).toBe(true);
    const back = await downloadFile(nobody, file);
    expect(back.data.equals(content)).toBe(true);
  });
});

describe('content helpers', () => {
  it('isBinary finds NUL bytes', () => {
    expect(isBinary(Buffer.from('text\r\n'))).toBe(false);
    expect(isBinary(Buffer.from([0x41, 0, 0x42]))).toBe(true);
  });
});
