import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';

const BIN = path.resolve('bin/smsh.js');
type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ instances: [{ instanceId: 'i-0c0c0c0c0c0c0c0c1', name: 'cp-box' }] });
  dir = mkdtempSync('/tmp/smsh-cp-');
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/smsh.js against the emulator with env credentials, as a user would. */
function smsh(args: string[], env: Record<string, string | undefined> = {}, onSpawn?: (pid: number) => void): Promise<Outcome> {
  const full: Record<string, string | undefined> = {
    ...process.env,
    AWS_ENDPOINT_URL: emu.url,
    AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
    AWS_REGION: emu.region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...env,
  };
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: full as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err }));
    onSpawn?.(child.pid!);
  });
}

/** A tree as comparable data: every entry's type, mode and content hash (or link target). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const full = path.join(root, rel);
    const st = lstatSync(full);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(full)}`;
    else if (st.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const name of readdirSync(full).sort()) walk(path.join(rel, name));
    } else out[rel] = `file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
  };
  walk('.');
  return out;
}

function makeTree(root: string): void {
  mkdirSync(path.join(root, 'sub/deeper'), { recursive: true });
  mkdirSync(path.join(root, 'empty-dir'));
  writeFileSync(path.join(root, 'crlf.txt'), 'one\r\ntwo\r\nno final newline');
  writeFileSync(path.join(root, 'empty'), '');
  writeFileSync(path.join(root, 'sub/binary.bin'), randomBytes(150_000));
  writeFileSync(path.join(root, 'sub/deeper/run.sh'), '#!/bin/sh\necho hi\n');
  writeFileSync(path.join(root, 'name with spaces'), 'spaces\n');
  symlinkSync('sub/binary.bin', path.join(root, 'link'));
  chmodSync(path.join(root, 'sub/deeper/run.sh'), 0o755);
  chmodSync(path.join(root, 'sub/binary.bin'), 0o600);
  chmodSync(path.join(root, 'sub'), 0o750);
  chmodSync(root, 0o711);
}

describe('smsh cp', () => {
  it('downloads a file byte-exact, and into an existing local directory by name', async () => {
    const remote = path.join(dir, 'remote.bin');
    const content = randomBytes(120_000);
    writeFileSync(remote, content);
    chmodSync(remote, 0o640);
    const local = path.join(dir, 'local.bin');
    const r = await smsh(['cp', `cp-box:${remote}`, local]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(local).equals(content)).toBe(true);
    expect(statSync(local).mode & 0o777).toBe(0o640);
    const into = path.join(dir, 'into');
    mkdirSync(into);
    expect((await smsh(['cp', `cp-box:${remote}`, into])).code).toBe(0);
    expect(readFileSync(path.join(into, 'remote.bin')).equals(content)).toBe(true);
  });

  it('uploads a file byte-exact with its mode, and into an existing remote directory by name', async () => {
    const local = path.join(dir, 'tool.sh');
    writeFileSync(local, '#!/bin/sh\r\necho tool');
    chmodSync(local, 0o755);
    const remoteDir = path.join(dir, 'remote-dir');
    mkdirSync(remoteDir);
    const r = await smsh(['cp', local, `cp-box:${remoteDir}`]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(path.join(remoteDir, 'tool.sh'), 'utf8')).toBe('#!/bin/sh\r\necho tool');
    expect(statSync(path.join(remoteDir, 'tool.sh')).mode & 0o777).toBe(0o755);
    const renamed = path.join(dir, 'renamed');
    expect((await smsh(['cp', local, `cp-box:${renamed}`])).code).toBe(0);
    expect(readFileSync(renamed, 'utf8')).toBe('#!/bin/sh\r\necho tool');
  });

  it('-r copies a directory tree to the instance and back, byte-exact with modes and links', async () => {
    const source = path.join(dir, 'tree');
    mkdirSync(source);
    makeTree(source);
    const up = path.join(dir, 'tree-up');
    const r1 = await smsh(['cp', '-r', source, `cp-box:${up}`]);
    expect([r1.code, r1.stderr]).toEqual([0, '']);
    expect(snapshot(up)).toEqual(snapshot(source));
    // Into an existing directory: it lands under its own name.
    const parent = path.join(dir, 'parent');
    mkdirSync(parent);
    expect((await smsh(['cp', '-r', source, `cp-box:${parent}`])).code).toBe(0);
    expect(snapshot(path.join(parent, 'tree'))).toEqual(snapshot(source));
    const down = path.join(dir, 'tree-down');
    const r2 = await smsh(['cp', '-r', `cp-box:${up}`, down]);
    expect([r2.code, r2.stderr]).toEqual([0, '']);
    expect(snapshot(down)).toEqual(snapshot(source));
    expect(readdirSync(dir).filter((n) => n.includes('.smsh-'))).toEqual([]);
  }, 60_000);

  it('works with --local and the instance written local: or an empty target', async () => {
    const remote = path.join(dir, 'for-local');
    writeFileSync(remote, 'local endpoint\n');
    const out = path.join(dir, 'from-local');
    const env = { AWS_ENDPOINT_URL: undefined, AWS_REGION: undefined };
    expect((await smsh(['cp', '--local', `local:${remote}`, out], env)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('local endpoint\n');
    expect((await smsh(['cp', '--local', out, `:${remote}.2`], env)).code).toBe(0);
    expect(readFileSync(`${remote}.2`, 'utf8')).toBe('local endpoint\n');
  });

  it('stops on SIGINT: exit 130, the destination untouched, nothing left beside it', async () => {
    const local = path.join(dir, 'interrupted.bin');
    writeFileSync(local, randomBytes(3 * 1024 * 1024));
    const remoteDir = path.join(dir, 'interrupt-target');
    mkdirSync(remoteDir);
    let pid = 0;
    const pending = smsh(['cp', local, `cp-box:${remoteDir}/copy`], {}, (p) => (pid = p));
    await new Promise((r) => setTimeout(r, 2500));
    process.kill(pid, 'SIGINT');
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(readdirSync(remoteDir)).toEqual([]);
  }, 30_000);

  it.each([
    ['a directory without -r', () => ['cp', `cp-box:${dir}`, path.join(dir, 'x')], /is a directory \(use cp -r\)/],
    ['a missing remote file', () => ['cp', `cp-box:${dir}/missing`, path.join(dir, 'x')], /no such file/],
    ['two local paths', () => ['cp', 'a', 'b'], /one side must be remote/],
    ['an unknown target', () => ['cp', 'no-box:/etc/hostname', path.join(dir, 'x')], /no-box/],
    ['a local destination in a missing directory', () => ['cp', `cp-box:/etc/hostname`, '/nonexistent-local-dir/x'], /^smsh: cannot write \/nonexistent-local-dir\/x: no such file or directory$/m],
    ['a missing local source', () => ['cp', '/nonexistent-local-dir/x', 'cp-box:/tmp/'], /^smsh: \/nonexistent-local-dir\/x: no such file or directory$/m],
    ['no arguments', () => ['cp'], /^smsh: cp: missing required argument 'source'$/m],
    ['an unknown option', () => ['cp', '--bogus', 'a', 'b'], /^smsh: cp: unknown option '--bogus'$/m],
  ])('%s: one line on stderr, exit 255', async (_what, args, pattern) => {
    const r = await smsh(args());
    expect(r.stdout).toBe('');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^smsh: /);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
