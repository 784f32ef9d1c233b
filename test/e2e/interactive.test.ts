import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Drives `smsh --local` in a real terminal (tmux, 120x40) the way a user would. The tmux server
// has its own socket, so nothing here touches the user's tmux; CI is removed from the child's
// environment because CI=true turns off Ink's live rendering.
const BIN = path.resolve('bin/smsh.js');
const SOCKET = `smsh-e2e-${process.pid}`;
const SESSION = `shell-${process.pid}`;
const work = mkdtempSync(path.join(tmpdir(), 'smsh-e2e-'));
const stateHome = path.join(work, 'state');
const PROMPT = /\[[\w.-]+@\S+ [^\]]+\][#$] /;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-t', SESSION, '-S', '-500');
const lines = () => screen().split('\n').filter((l) => l.trim() !== '');
const lastLine = () => lines().at(-1) ?? '';
const type = (text: string) => tmux('send-keys', '-t', SESSION, '-l', text);
const press = (...keys: string[]) => tmux('send-keys', '-t', SESSION, ...keys);

/** Polls the screen until `check` holds, failing with the screen after `timeoutMs`. */
async function waitFor(check: (text: string) => boolean, what: string, timeoutMs = 8000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await delay(50);
  }
}
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
  const env = `env -u CI -u PAGER XDG_STATE_HOME='${stateHome}' AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true`;
  tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `${env} '${process.execPath}' '${BIN}' --local; echo "SMSH-EXIT=$?"; sleep 60`);
  await waitFor((t) => PROMPT.test(t), 'the first prompt', 15_000);
});

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

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
