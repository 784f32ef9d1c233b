import { describe, expect, it } from 'vitest';
import { historyOf } from '../../src/ui/history.js';
import { decodeKeys } from '../../src/ui/keys.js';
import { newPrompt } from '../../src/ui/prompt-reducer.js';
import type { KeyEvent } from '../../src/ui/keys.js';
import { NO_TYPEAHEAD, hasHeldKeys, holdKeys, queuedLines, releaseKeys, type TypeAhead } from '../../src/ui/typeahead.js';

const prompt = newPrompt(historyOf(['uptime']));

// Holds raw chunks one after the other (each one input event) while a command runs, or while busy without one.
function hold(chunks: string[], running = true) {
  let state: TypeAhead = NO_TYPEAHEAD;
  let interrupts = 0;
  for (const chunk of chunks) {
    const r = holdKeys(state, decodeKeys(chunk), { prompt, running });
    state = r.state;
    interrupts += r.interrupts;
  }
  return { state, interrupts, replay: releaseAll(state) };
}

// Releases piece after piece, as an idle shell does, until nothing is held.
function releaseAll(state: TypeAhead): { keys: KeyEvent[]; notice: string | null; state: TypeAhead; pieces: number } {
  const keys: KeyEvent[] = [];
  let notice: string | null = null;
  let pieces = 0;
  do {
    const r = releaseKeys(state);
    state = r.state;
    notice ??= r.notice;
    keys.push(...r.keys);
    if (r.keys.length > 0) pieces++;
  } while (hasHeldKeys(state));
  return { keys, notice, state, pieces };
}

describe('holdKeys and releaseKeys', () => {
  it.each<[string, string[], { lines: number; interrupts: number; dropped: number; replayed: string[]; partial: string; notice: string | null }]>([
    ['typed-ahead lines wait, in order', ['echo a\r', 'echo b\r'], { lines: 2, interrupts: 0, dropped: 0, replayed: ['echo a', 'echo b'], partial: '', notice: null }],
    ['an unfinished line counts and stays unfinished', ['echo a\recho b'], { lines: 2, interrupts: 0, dropped: 0, replayed: ['echo a'], partial: 'echo b', notice: null }],
    ['Enter pressed while waiting is not a line', ['\r\r'], { lines: 0, interrupts: 0, dropped: 0, replayed: ['', ''], partial: '', notice: null }],
    ['editing keys act on the queued line', ['echo abc\x7f\x7fz\r'], { lines: 1, interrupts: 0, dropped: 0, replayed: ['echo az'], partial: '', notice: null }],
    ['Up recalls history for the queued line', ['\x1b[A\r'], { lines: 1, interrupts: 0, dropped: 0, replayed: ['uptime'], partial: '', notice: null }],
    ['Ctrl+C interrupts and drops the queue', ['echo a\recho b\r', 'half', '\x03'], { lines: 0, interrupts: 1, dropped: 3, replayed: [], partial: '', notice: 'smsh: Ctrl+C dropped 3 queued lines\n' }],
    ['Ctrl+C with nothing queued says nothing', ['\x03'], { lines: 0, interrupts: 1, dropped: 0, replayed: [], partial: '', notice: null }],
    ['keys typed after the Ctrl+C are kept', ['echo a\r\x03echo b\r'], { lines: 1, interrupts: 1, dropped: 1, replayed: ['echo b'], partial: '', notice: 'smsh: Ctrl+C dropped 1 queued line\n' }],
    ['a second Ctrl+C (kill) drops what came since', ['a\r\x03', 'b\r', 'c\r\x03'], { lines: 0, interrupts: 2, dropped: 3, replayed: [], partial: '', notice: 'smsh: Ctrl+C dropped 3 queued lines\n' }],
  ])('%s', (_what, chunks, want) => {
    const r = hold(chunks);
    const replayed = queuedLines(prompt, r.replay.keys);
    expect({
      lines: r.state.lines,
      interrupts: r.interrupts,
      dropped: r.state.dropped,
      replayed: replayed.lines,
      partial: replayed.partial,
      notice: r.replay.notice,
    }).toEqual(want);
    expect(r.replay.state).toEqual(NO_TYPEAHEAD);
  });

  it('holds Ctrl+C when no command runs (a Tab lookup): it clears the line at the prompt', () => {
    const r = hold(['echo a\x03'], false);
    expect(r.interrupts).toBe(0);
    expect(r.replay.notice).toBeNull();
    expect(r.replay.keys).toEqual(decodeKeys('echo a\x03'));
  });

  it('gives held keys back one line at a time, and the count goes down with each', () => {
    const r = hold(['echo a\recho b\r', 'echo c']);
    expect(r.state.lines).toBe(3);
    const first = releaseKeys(r.state);
    expect(queuedLines(prompt, first.keys).lines).toEqual(['echo a']);
    expect(first.state.lines).toBe(2);
    const second = releaseKeys(first.state);
    expect(queuedLines(prompt, second.keys).lines).toEqual(['echo b']);
    expect(second.state.lines).toBe(1);
    const third = releaseKeys(second.state);
    expect(queuedLines(prompt, third.keys)).toEqual({ lines: [], partial: 'echo c' });
    expect(third.state).toEqual(NO_TYPEAHEAD);
  });

  it('a Tab ends a piece too: completion makes the shell busy, and the keys after it wait', () => {
    const r = hold(['ls /et\tc\r']);
    expect(r.replay.pieces).toBe(2);
  });
});
