import { appendFileSync, mkdtempSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT, startSmsh, type Terminal, terminalOf } from './tmux.js';

// Drives `smsh --local` in a real terminal (tmux, 120x40) the way a user would.
const work = mkdtempSync(path.join(tmpdir(), 'smsh-e2e-'));
const stateHome = path.join(work, 'state');

let term: Terminal;
const { screen, lastLine, type, press, waitFor } = terminalOf(() => term);
const count = (text: string, needle: string) => text.split(needle).length - 1;
const waitPrompt = (dir: string, what: string) =>
  waitFor(() => {
    const last = lastLine();
    return PROMPT.test(last) && last.includes(` ${dir}]`) && !/Ctrl\+C to cancel/.test(last);
  }, what);
/**
 * Types a line, presses Enter, and waits until `output` is on the screen and the prompt (in `dir`)
 * is back. (A frame may briefly show the old prompt, so the output is what proves the run ended.)
 */
async function run(line: string, output: RegExp, dir: RegExp | string = /./): Promise<string> {
  type(line);
  press('Enter');
  return waitFor((t) => {
    const last = lastLine();
    return output.test(t) && PROMPT.test(last) && !last.includes(line) && (typeof dir === 'string' ? last.includes(` ${dir}]`) : dir.test(last));
  }, `the output of ${line} and the prompt`);
}

beforeAll(async () => {
  term = await startSmsh({ name: 'shell', env: { XDG_STATE_HOME: stateHome } });
});

afterAll(() => term?.kill());

describe('smsh --local in a terminal', () => {
  it('shows the banner, then a prompt in the home directory', () => {
    const text = screen();
    expect(text).toMatch(/agent \S+/);
    expect(text).toMatch(/as arn:aws:/);
    expect(lastLine()).toMatch(/ ~\][#$] /);
  });

  it('runs typed commands and shows their output above the prompt', async () => {
    await run('echo e2e-$((40 + 2))', /^e2e-42$/m);
  });

  it('follows cd in the prompt', async () => {
    await run(`cd ${work} && echo cd-done`, /^cd-done$/m, path.basename(work));
  });

  it.skipIf(process.getuid?.() !== 0)('follows su and exit in the prompt', async () => {
    await run('su nobody', /\]# su nobody\n/, /^\[nobody@/);
    await run('whoami', /^nobody$/m, /^\[nobody@/);
    await run('exit', /\]\$ exit\n/, /^\[root@/);
  });

  it('streams tail -f, and Ctrl+C brings the prompt back', async () => {
    const file = path.join(work, 'grow.log');
    writeFileSync(file, 'first-line\n');
    type(`tail -f ${file}`);
    press('Enter');
    await waitFor((t) => t.includes('first-line'), 'the first line of the file');
    expect(lastLine()).toMatch(/Ctrl\+C to cancel/);
    appendFileSync(file, 'grown-line\n');
    await waitFor((t) => /^grown-line$/m.test(t), 'the appended line');
    press('C-c');
    await waitPrompt(path.basename(work), 'the prompt after Ctrl+C');
    expect(screen()).not.toMatch(/Ctrl\+C to cancel/);
  });

  it('recalls history with Up', async () => {
    await run('echo recall-me', /^recall-me$/m);
    press('Up');
    await waitFor(() => /\][#$] echo recall-me/.test(lastLine()), 'the recalled line');
    press('Enter');
    await waitFor((t) => count(t, '\nrecall-me') === 2 && PROMPT.test(lastLine()) && !lastLine().includes('recall'), 'the second run');
  });

  it('keeps the history in a 0600 file per target', () => {
    const dir = path.join(stateHome, 'smsh');
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^history-i-/);
    expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
  });

  it('leaves with exit code 0 on Ctrl+D', async () => {
    press('C-d');
    await waitFor((t) => t.includes('SMSH-EXIT='), 'smsh to exit');
    expect(screen()).toMatch(/SMSH-EXIT=0$/m);
  });
});
