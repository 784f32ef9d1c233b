import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { editRemoteFile, type EditIo } from '../../src/edit/edit-remote-file.js';
import { editFromShell } from '../../src/edit/shell-edit.js';
import type { Session } from '../../src/session/session.js';
import { startEngineFixture, type EngineFixture } from '../helpers/session.js';

// The emulator runs commands on this machine as root, so "remote" files are local files here.
// The editor is a stand-in `vi` script on PATH that does what SMSH_TEST_EDIT says to the file it
// is given, and logs the file's path, its mode and its directory's mode.
let fx: EngineFixture;
let session: Session;
let dir: string;
let bin: string;
let log: string;

const EDITOR = `#!/bin/sh
for a; do f="$a"; done
printf '%s %s %s\\n' "$f" "$(stat -c %a "$f")" "$(stat -c %a "$(dirname "$f")")" >> "$SMSH_TEST_LOG"
case "$SMSH_TEST_EDIT" in
  none) ;;
  empty) : > "$f" ;;
  append) printf 'added\\n' >> "$f" ;;
  write) printf '%s' "$SMSH_TEST_TEXT" > "$f" ;;
  sed) sed -i 's/two/TWO/' "$f" ;;
  remote) printf 'theirs\\n' > "$SMSH_TEST_REMOTE"; printf 'mine\\n' >> "$f" ;;
  fail) exit 3 ;;
esac
`;

/** A test io: records what was printed and asked, answers with `answer`, runs the stand-in editor. */
function testIo(edit: string, extra: Record<string, string> = {}, answer = false) {
  const printed: string[] = [];
  const asked: string[] = [];
  let ran = 0;
  const io: EditIo = {
    print: (m) => void printed.push(m),
    confirm: async (q) => (asked.push(q), answer),
    runEditor: async (command, args) => {
      ran++;
      const r = await execa(command, args, {
        reject: false,
        stdio: 'ignore',
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, SMSH_TEST_LOG: log, SMSH_TEST_EDIT: edit, ...extra },
      });
      return r.exitCode ?? 127;
    },
  };
  return { io, printed, asked, ran: () => ran };
}

const env = () => ({ PATH: `${bin}:${process.env.PATH ?? ''}` });
const edit = (file: string, t: ReturnType<typeof testIo>) => editRemoteFile({ session, path: file, editor: 'vi', io: t.io, env: env() });
const file = (name: string) => path.join(dir, name);
const logged = () => readFileSync(log, 'utf8').trim().split('\n').at(-1)!.split(' ');

beforeAll(async () => {
  fx = await startEngineFixture();
  session = fx.open();
  await session.start();
  dir = mkdtempSync('/tmp/smsh-edit-');
  chmodSync(dir, 0o755);
  bin = mkdtempSync('/tmp/smsh-edit-bin-');
  writeFileSync(path.join(bin, 'vi'), EDITOR, { mode: 0o755 });
  log = path.join(bin, 'log');
});
afterAll(async () => {
  await session?.end();
  await fx?.stop();
  for (const d of [dir, bin]) if (d) rmSync(d, { recursive: true, force: true });
});
beforeEach(() => writeFileSync(log, ''));

describe('editRemoteFile', () => {
  it('creates a new file, editing a private copy that keeps the remote name', async () => {
    const t = testIo('write', { SMSH_TEST_TEXT: 'hello new\n' });
    const r = await edit(file('new.conf'), t);
    expect(r).toMatchObject({ result: 'saved', created: true, path: file('new.conf') });
    expect(readFileSync(file('new.conf'), 'utf8')).toBe('hello new\n');
    const [local, mode, dirMode] = logged();
    expect(path.basename(local!)).toBe('new.conf');
    expect([mode, dirMode]).toEqual(['600', '700']);
    expect(existsSync(path.dirname(local!))).toBe(false);
    expect(t.printed.at(-1)).toMatch(/created .*new\.conf/);
  });

  it('edits an existing file relative to the session cwd and keeps its mode', async () => {
    writeFileSync(file('hosts'), 'one\ntwo\nthree\n');
    chmodSync(file('hosts'), 0o640);
    await session.run(`cd ${dir}`);
    const r = await edit('hosts', testIo('sed'));
    expect(r).toMatchObject({ result: 'saved', created: false });
    expect(readFileSync(file('hosts'), 'utf8')).toBe('one\nTWO\nthree\n');
    expect(statSync(file('hosts')).mode & 0o777).toBe(0o640);
  });

  it('writes nothing when the file is left unchanged', async () => {
    writeFileSync(file('same'), 'untouched\n');
    const before = statSync(file('same'));
    const r = await edit(file('same'), testIo('none'));
    expect(r.result).toBe('unchanged');
    const after = statSync(file('same'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(existsSync(path.dirname(logged()[0]!))).toBe(false);
  });

  it('does not create a new file saved empty', async () => {
    const r = await edit(file('never'), testIo('none'));
    expect(r.result).toBe('discarded');
    expect(existsSync(file('never'))).toBe(false);
  });

  it('edits an existing 0-byte file (and leaves it alone when nothing is typed)', async () => {
    writeFileSync(file('zero'), '');
    expect((await edit(file('zero'), testIo('none'))).result).toBe('unchanged');
    expect(existsSync(file('zero'))).toBe(true);
    expect((await edit(file('zero'), testIo('append'))).result).toBe('saved');
    expect(readFileSync(file('zero'), 'utf8')).toBe('added\n');
  });

  it('keeps CRLF line endings and a missing final newline byte for byte', async () => {
    writeFileSync(file('crlf.txt'), 'one\r\ntwo\r\nthree');
    expect((await edit(file('crlf.txt'), testIo('sed'))).result).toBe('saved');
    expect(readFileSync(file('crlf.txt')).equals(Buffer.from('one\r\nTWO\r\nthree'))).toBe(true);
  });

  it('edits a 5 MB file byte-exact', async () => {
    const lines: string[] = [];
    for (let size = 0; size < 5 * 1024 * 1024; ) {
      const line = `${lines.length} ${randomBytes(24).toString('hex')}\r\n`;
      lines.push(line);
      size += line.length;
    }
    const content = Buffer.from(lines.join(''));
    writeFileSync(file('big.log'), content);
    expect((await edit(file('big.log'), testIo('append'))).result).toBe('saved');
    expect(readFileSync(file('big.log')).equals(Buffer.concat([content, Buffer.from('added\n')]))).toBe(true);
  }, 180_000);

  it('detects a change made on the instance meanwhile, asks, and keeps the local copy on no', async () => {
    writeFileSync(file('race'), 'base\n');
    const t = testIo('remote', { SMSH_TEST_REMOTE: file('race') }, false);
    const r = await edit(file('race'), t);
    expect(t.asked).toHaveLength(1);
    expect(t.printed.join('\n')).toMatch(/changed on the instance while you were editing/);
    expect(r.result).toBe('kept');
    const local = r.result === 'kept' ? r.localPath : '';
    expect(readFileSync(file('race'), 'utf8')).toBe('theirs\n');
    expect(readFileSync(local, 'utf8')).toBe('base\nmine\n');
    expect(t.printed.at(-1)).toContain(local);
    rmSync(path.dirname(local), { recursive: true });
  });

  it('overwrites the concurrent change when the answer is yes', async () => {
    writeFileSync(file('race2'), 'base\n');
    const r = await edit(file('race2'), testIo('remote', { SMSH_TEST_REMOTE: file('race2') }, true));
    expect(r.result).toBe('saved');
    expect(readFileSync(file('race2'), 'utf8')).toBe('base\nmine\n');
  });

  it('refuses binary content, directories, unreadable and too large files without opening an editor', async () => {
    writeFileSync(file('bin'), Buffer.from([1, 2, 0, 3]));
    mkdirSync(file('adir'));
    writeFileSync(file('huge'), '');
    truncateSync(file('huge'), 101 * 1024 * 1024);
    for (const [name, why] of [
      ['bin', /binary.*NUL/],
      ['adir', /is a directory/],
      ['huge', /over the limit of 100 MiB/],
      ['nodir/x', /no such file or directory/],
    ] as const) {
      const t = testIo('append');
      const r = await edit(file(name), t);
      expect(r.result).toBe('refused');
      expect(t.printed.join('\n')).toMatch(why);
      expect(t.ran()).toBe(0);
    }
    expect(readFileSync(file('bin')).equals(Buffer.from([1, 2, 0, 3]))).toBe(true);
  });

  it('says so when the editor cannot start', async () => {
    writeFileSync(file('noed'), 'x\n');
    const t = testIo('append');
    const r = await editRemoteFile({ session, path: file('noed'), editor: 'no-such-editor', io: t.io, env: { PATH: '/nonexistent', VISUAL: 'no-such-editor-either' } });
    expect(r.result).toBe('refused');
    expect(t.printed.join('\n')).toMatch(/cannot start the editor 'no-such-editor-either'/);
  });

  it.skipIf(process.getuid?.() !== 0)('as another user: permission denied keeps the local copy; sudo vi edits as root', async () => {
    writeFileSync(file('rootonly'), 'root data\n');
    chmodSync(file('rootonly'), 0o644);
    await session.run('su nobody');
    try {
      expect(session.place().user).toBe('nobody');
      const t = testIo('append');
      const r = await edit(file('rootonly'), t);
      expect(r.result).toBe('kept');
      const local = r.result === 'kept' ? r.localPath : '';
      expect(readFileSync(local, 'utf8')).toBe('root data\nadded\n');
      expect(t.printed.at(-1)).toMatch(new RegExp(`denied.*your edit is kept in ${local}`));
      expect(readFileSync(file('rootonly'), 'utf8')).toBe('root data\n');
      rmSync(path.dirname(local), { recursive: true });

      const code = await editFromShell(session, { program: 'vi', files: [file('rootonly')], line: `sudo vi ${file('rootonly')}` }, testIo('append').io, { env: env() });
      expect(code).toBe(0);
      expect(readFileSync(file('rootonly'), 'utf8')).toBe('root data\nadded\n');
      expect(statSync(file('rootonly')).uid).toBe(0);
    } finally {
      await session.run('exit');
    }
  }, 60_000);
});

describe('editFromShell', () => {
  it('edits the first of several files and says so; asks for a file when none is given', async () => {
    writeFileSync(file('first'), 'a\n');
    writeFileSync(file('second'), 'b\n');
    const t = testIo('append');
    expect(await editFromShell(session, { program: 'vi', files: [file('first'), file('second')], line: 'vi first second' }, t.io, { env: env() })).toBe(0);
    expect(readFileSync(file('first'), 'utf8')).toBe('a\nadded\n');
    expect(readFileSync(file('second'), 'utf8')).toBe('b\n');
    expect(t.printed[0]).toMatch(/editing .*first only/);
    const none = testIo('append');
    expect(await editFromShell(session, { program: 'nano', files: [], line: 'nano' }, none.io)).toBe(1);
    expect(none.printed[0]).toMatch(/name a file/);
  });
});
