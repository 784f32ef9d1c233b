import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT, startSmsh, type Terminal } from './tmux.js';

// Pasting and typing ahead in a real terminal (tmux pastes bracketed, as smsh asks it to): every
// line runs, in order, each after the previous one ended and after its own prompt, and Ctrl+C
// drops what was queued, as bash over ssh does. The commands print `$((…))` results, so their
// output can be told from the echoed command line.
const work = mkdtempSync(path.join(tmpdir(), 'smsh-e2e-typeahead-'));
let term: Terminal;

/** The prompt is back and idle (no status line), holding `text`. */
const idleWith = (text = '') => {
  const last = term.lastLine();
  return PROMPT.test(last) && !/Ctrl\+C to/.test(last) && last.replace(PROMPT, '').trim() === text;
};
const PROMPT_AT_START = new RegExp(`^${PROMPT.source.replace(/ $/, '')} ?`);
/** `count` lines of the screen from the one that reads `first`, each prompt shown as `$ `. */
const linesFrom = (first: string, count: number) => {
  const lines = term
    .screen()
    .split('\n')
    .map((l) => l.replace(PROMPT_AT_START, '$ ').trimEnd());
  const at = lines.indexOf(first);
  return at < 0 ? [] : lines.slice(at, at + count);
};

beforeAll(async () => {
  term = await startSmsh({ name: 'typeahead', env: { XDG_STATE_HOME: path.join(work, 'state') } });
});

afterAll(() => {
  term?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('pasting and typing ahead', () => {
  it('runs a pasted block of three lines in order, each output under its own prompt', async () => {
    term.paste('echo paste-$((10 + 1)); sleep 0.5\necho paste-$((10 + 2))\necho paste-$((10 + 3))\n');
    await term.waitFor((t) => /^paste-13$/m.test(t) && idleWith(), 'the third output and the prompt');
    expect(linesFrom('$ echo paste-$((10 + 1)); sleep 0.5', 7)).toEqual([
      '$ echo paste-$((10 + 1)); sleep 0.5',
      'paste-11',
      '$ echo paste-$((10 + 2))',
      'paste-12',
      '$ echo paste-$((10 + 3))',
      'paste-13',
      '$',
    ]);
  });

  it('leaves a pasted last line without newline in the editor, to edit and run', async () => {
    term.paste('echo part-$((20 + 1))\necho part-$((20 + 2))');
    await term.waitFor((t) => /^part-21$/m.test(t) && idleWith('echo part-$((20 + 2))'), 'the first output and the unfinished line');
    expect(term.screen()).not.toMatch(/^part-22$/m);
    term.type(' edited');
    term.press('Enter');
    await term.waitFor((t) => /^part-22 edited$/m.test(t) && idleWith(), 'the edited line to run');
  });

  it('keeps control keys inside a paste as text: ^C and an arrow key in it do nothing', async () => {
    term.paste('echo brack\x03et-$((30 + 1))\x1b[A\n');
    await term.waitFor((t) => /^bracket-31$/m.test(t) && idleWith(), 'the pasted line to run whole');
  });

  it('runs a line typed while a command runs after it, with its output after the first', async () => {
    term.type('sleep 1.5; echo ahead-$((40 + 1))');
    term.press('Enter');
    await term.waitFor(() => /Ctrl\+C to cancel/.test(term.lastLine()), 'the first command to run');
    term.type('echo ahead-$((40 + 2))');
    term.press('Enter');
    // The typed-ahead line is not echoed into the running command's output, only counted.
    await term.waitFor(() => / 1 queued /.test(term.lastLine()), 'the queued line on the status line');
    expect(term.screen()).not.toMatch(/^ahead-41$/m);
    await term.waitFor((t) => /^ahead-42$/m.test(t) && idleWith(), 'the typed-ahead line to run');
    expect(linesFrom('$ sleep 1.5; echo ahead-$((40 + 1))', 5)).toEqual(['$ sleep 1.5; echo ahead-$((40 + 1))', 'ahead-41', '$ echo ahead-$((40 + 2))', 'ahead-42', '$']);
  });

  it('drops the queued lines on Ctrl+C, says so, and runs what is typed next', async () => {
    term.paste('sleep 30; echo never-$((50 + 0))\necho dropped-$((50 + 1))\necho dropped-$((50 + 2))\n');
    await term.waitFor(() => / 2 queued .*Ctrl\+C to cancel/.test(term.lastLine()), 'two lines queued behind the sleep');
    term.press('C-c');
    await term.waitFor((t) => /^smsh: Ctrl\+C dropped 2 queued lines$/m.test(t) && idleWith(), 'the notice and the prompt');
    term.type('echo next-$((50 + 3))');
    term.press('Enter');
    await term.waitFor((t) => /^next-53$/m.test(t) && idleWith(), 'the next line to run');
    // Give a wrongly kept queue time to show itself.
    await delay(1500);
    expect(term.screen()).not.toMatch(/^(never-50|dropped-5[12])$/m);
    // What bash leaves on the screen, with smsh's one line for the dropped queue (the sleep prints nothing when killed, or "Terminated").
    expect(linesFrom('$ sleep 30; echo never-$((50 + 0))', 6).filter((l) => l !== 'Terminated').slice(0, 5)).toEqual([
      '$ sleep 30; echo never-$((50 + 0))',
      'smsh: Ctrl+C dropped 2 queued lines',
      '$ echo next-$((50 + 3))',
      'next-53',
      '$',
    ]);
  });
});
