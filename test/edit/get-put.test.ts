import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEditor, findOnPath } from '../../src/edit/find-editor.js';
import { parseTransferCommand, shellTransferCommand } from '../../src/edit/get-put.js';
import { sudoUser } from '../../src/edit/shell-edit.js';
import type { Session } from '../../src/session/session.js';
import { startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
let session: Session;
let remote: string;
let local: string;

beforeAll(async () => {
  fx = await startEngineFixture();
  session = fx.open();
  await session.start();
  remote = mkdtempSync('/tmp/smsh-getput-r-');
  local = mkdtempSync('/tmp/smsh-getput-l-');
  chmodSync(remote, 0o755);
  await session.run(`cd ${remote}`);
});
afterAll(async () => {
  await session?.end();
  await fx?.stop();
  for (const d of [remote, local]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Runs a shell line through the get/put hook, as the shell would. */
async function shell(line: string): Promise<{ code: number; printed: string[] }> {
  const command = shellTransferCommand(session, local)(line);
  if (!command) throw new Error(`not a transfer: ${line}`);
  const printed: string[] = [];
  const code = await command({ signal: new AbortController().signal, print: (t) => void printed.push(t), setPhase: () => {} });
  return { code, printed };
}

describe('get and put in the shell', () => {
  it('parses get/put and leaves other lines to the instance', () => {
    expect(parseTransferCommand('get a')).toEqual({ kind: 'get', remote: 'a', local: undefined });
    expect(parseTransferCommand(`put 'my file' "/tmp/x y"`)).toEqual({ kind: 'put', local: 'my file', remote: '/tmp/x y' });
    expect(parseTransferCommand('get')?.kind).toBe('usage');
    expect(parseTransferCommand('get a b c')?.kind).toBe('usage');
    expect(parseTransferCommand('getent passwd')).toBeNull();
    expect(parseTransferCommand('ls get')).toBeNull();
  });

  it('get: byte-exact, to the name in the local cwd by default, or into a directory', async () => {
    const content = Buffer.concat([Buffer.from('a\r\nb'), randomBytes(70_000)]);
    writeFileSync(path.join(remote, 'data.bin'), content);
    const r = await shell('get data.bin');
    expect(r.code).toBe(0);
    expect(r.printed).toEqual([expect.stringMatching(/^get: .*data\.bin → .*data\.bin \(68 KiB\)$/)]);
    expect(readFileSync(path.join(local, 'data.bin')).equals(content)).toBe(true);
    mkdirSync(path.join(local, 'sub'));
    expect((await shell('get data.bin sub')).code).toBe(0);
    expect(readFileSync(path.join(local, 'sub', 'data.bin')).equals(content)).toBe(true);
  });

  it('put: byte-exact, to the name in the session cwd by default, keeping the local mode for a new file', async () => {
    const content = Buffer.from('no final newline\r\nhere');
    writeFileSync(path.join(local, 'up.txt'), content, { mode: 0o640 });
    chmodSync(path.join(local, 'up.txt'), 0o640);
    const r = await shell('put up.txt');
    expect(r.code).toBe(0);
    expect(r.printed[0]).toMatch(/^put: .*up\.txt → .*up\.txt \(22 B, new file\)$/);
    expect(readFileSync(path.join(remote, 'up.txt')).equals(content)).toBe(true);
    expect(statSync(path.join(remote, 'up.txt')).mode & 0o777).toBe(0o640);
    mkdirSync(path.join(remote, 'into'));
    expect((await shell('put up.txt into')).code).toBe(0);
    expect(existsSync(path.join(remote, 'into', 'up.txt'))).toBe(true);
  });

  it('one clear line on failure', async () => {
    expect(await shell('get missing-file')).toEqual({ code: 1, printed: [expect.stringMatching(/^smsh: get: .*missing-file: no such file/)] });
    expect(await shell('put nope')).toEqual({ code: 1, printed: ['smsh: put: nope: no such file or directory'] });
    expect((await shell('get .')).printed[0]).toMatch(/is a directory \(directories: smsh cp -r\)/);
    expect(await shell('get')).toEqual({ code: 2, printed: [expect.stringMatching(/usage: get REMOTE/)] });
  });

  it('work in the plain line shell too', () => {
    writeFileSync(path.join(remote, 'piped.txt'), 'piped\n');
    const out = execFileSync(process.execPath, [path.resolve('bin/smsh.js'), '--local'], {
      cwd: local,
      input: `cd ${remote}\nget piped.txt from-pipe.txt\necho done\n`,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(out).toMatch(/^get: .*piped\.txt → .*from-pipe\.txt \(6 B\)\ndone\n$/);
    expect(readFileSync(path.join(local, 'from-pipe.txt'), 'utf8')).toBe('piped\n');
  });
});

describe('choosing the editor and the user', () => {
  it('runs the editor named when installed, else $VISUAL, $EDITOR, vi', () => {
    const bin = mkdtempSync('/tmp/smsh-ed-');
    try {
      writeFileSync(path.join(bin, 'nano'), '#!/bin/sh\n', { mode: 0o755 });
      writeFileSync(path.join(bin, 'notexec'), '', { mode: 0o644 });
      expect(findOnPath('nano', bin)).toBe(path.join(bin, 'nano'));
      expect(findOnPath('notexec', bin)).toBeNull();
      expect(chooseEditor('nano', { PATH: bin })).toEqual({ command: 'nano', args: [], source: 'named' });
      expect(chooseEditor('emacs', { PATH: bin, VISUAL: 'code -w', EDITOR: 'ed' })).toEqual({ command: 'code', args: ['-w'], source: 'VISUAL' });
      expect(chooseEditor('emacs', { PATH: bin, EDITOR: 'nano' })).toMatchObject({ command: 'nano', source: 'EDITOR' });
      expect(chooseEditor('edit', { PATH: bin })).toMatchObject({ command: 'vi', source: 'default' });
      expect(chooseEditor('sudoedit', { PATH: '/usr/bin:/bin', EDITOR: 'nano' })).toMatchObject({ command: 'nano' });
    } finally {
      rmSync(bin, { recursive: true });
    }
  });

  it('edits sudo forms as root (or sudo -u USER)', () => {
    expect(sudoUser('vi /etc/hosts')).toBeNull();
    expect(sudoUser('sudo vi /etc/hosts')).toBe('root');
    expect(sudoUser('sudoedit /etc/hosts')).toBe('root');
    expect(sudoUser('sudo -u app vim x')).toBe('app');
    expect(sudoUser('sudo -uapp vim x')).toBe('app');
    expect(sudoUser('LANG=C sudo -E nano x')).toBe('root');
  });
});
