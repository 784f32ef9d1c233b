import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT, startSmsh, type Terminal, terminalOf } from './tmux.js';

// `vi FILE` in a real terminal (tmux): the Ink shell hands the terminal to a stand-in `vi` on
// PATH, which writes the file it is given, and takes it back; the edit reaches the instance
// (this machine, through the emulator).
const work = mkdtempSync(path.join(tmpdir(), 'smsh-e2e-edit-'));
const bin = path.join(work, 'bin');

let term: Terminal;
const { screen, lastLine, type, press, waitFor } = terminalOf(() => term);

async function run(line: string, output: RegExp): Promise<string> {
  type(line);
  press('Enter');
  return waitFor((t) => {
    const last = lastLine();
    return output.test(t) && PROMPT.test(last) && !last.includes(line) && !/Ctrl\+C to cancel/.test(last);
  }, `the output of ${line} and the prompt`);
}

beforeAll(async () => {
  execFileSync('mkdir', ['-p', bin]);
  // The stand-in editor: shows it has the terminal, then writes the file like `:wq` would.
  writeFileSync(path.join(bin, 'vi'), `#!/bin/sh\nfor a; do f="$a"; done\nprintf 'STAND-IN-VI %s\\n' "$(basename "$f")"\nprintf 'written by the stand-in\\r\\nno final newline' > "$f"\nsleep 0.3\n`, { mode: 0o755 });
  term = await startSmsh({
    name: 'edit',
    cwd: work,
    unset: ['VISUAL', 'EDITOR'],
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, XDG_STATE_HOME: `${work}/state` },
    waitMs: 10_000,
  });
});

afterAll(() => {
  term?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('editing in the Ink shell', () => {
  it('opens `vi newfile` in the local editor, writes the file, and brings the prompt back', async () => {
    await run(`cd ${work} && echo ready`, /^ready$/m);
    type('vi newfile.txt');
    press('Enter');
    await waitFor((t) => /created .*newfile\.txt/.test(t) && PROMPT.test(lastLine()), 'the edit to finish and the prompt');
    // What the editor and smsh printed stays (after the blank line of Ink's empty frame), and the prompt follows it directly.
    expect(screen()).toMatch(/\]# vi newfile\.txt *\n\n?STAND-IN-VI newfile\.txt *\nsmsh: created \S+newfile\.txt \(41 B\) *\n\[root@/);
    expect(readFileSync(path.join(work, 'newfile.txt')).equals(Buffer.from('written by the stand-in\r\nno final newline'))).toBe(true);
    // The prompt takes keys again.
    await run('echo back-$((1 + 1))', /^back-2$/m);
  });

  it('get and put from the prompt', async () => {
    await run('put newfile.txt copy.txt', /^put: .*copy\.txt \(41 B, new file\)$/m);
    expect(existsSync(path.join(work, 'copy.txt'))).toBe(true);
    await run('get copy.txt fetched.txt', /^get: .*fetched\.txt \(41 B\)$/m);
    expect(readFileSync(path.join(work, 'fetched.txt'), 'utf8')).toBe('written by the stand-in\r\nno final newline');
  });

  it('leaves with Ctrl+D', async () => {
    press('C-d');
    await waitFor((t) => t.includes('SMSH-EXIT='), 'smsh to exit');
    expect(screen()).toMatch(/SMSH-EXIT=0$/m);
  });
});
