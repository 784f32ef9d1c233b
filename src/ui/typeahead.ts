import type { KeyEvent } from './keys.js';
import { promptKey, type PromptState } from './prompt-reducer.js';

/**
 * Keys typed or pasted while a line runs, held for the next prompt (like a remote tty's input
 * queue while its command runs), how many lines they make (for the status line), and how many
 * queued lines Ctrl+C dropped, reported once the line has ended.
 */
export interface TypeAhead {
  readonly keys: readonly KeyEvent[];
  readonly lines: number;
  readonly dropped: number;
}

/** Nothing held. */
export const NO_TYPEAHEAD: TypeAhead = { keys: [], lines: 0, dropped: 0 };

/**
 * Keys that arrive while the shell is busy. Ctrl+C while a command runs is not held: it asks the
 * shell to interrupt (`interrupts` counts them; a second one kills), and it drops every held key.
 * That mirrors bash over ssh: the remote tty flushes its input queue on SIGINT (no NOFLSH), so
 * lines typed ahead of a command cancelled with ^C never run; keys typed after the ^C are kept.
 * Busy without a command (a Tab lookup), Ctrl+C is held and clears the line at the prompt. Pure.
 */
export function holdKeys(state: TypeAhead, keys: readonly KeyEvent[], at: { prompt: PromptState; running: boolean }): { state: TypeAhead; interrupts: number } {
  let held = [...state.keys];
  let dropped = state.dropped;
  let interrupts = 0;
  for (const key of keys) {
    if (at.running && key.name === 'ctrl' && key.key === 'c') {
      dropped += countLines(queuedLines(at.prompt, held));
      held = [];
      interrupts++;
    } else held.push(key);
  }
  return { state: { keys: held, lines: countLines(queuedLines(at.prompt, held)), dropped }, interrupts };
}

/** The line ended: the held keys, to replay at the new prompt, and the one-line notice of what Ctrl+C dropped (null when nothing was). Pure. */
export function releaseKeys(state: TypeAhead): { state: TypeAhead; keys: KeyEvent[]; notice: string | null } {
  const n = state.dropped;
  const notice = n === 0 ? null : `smsh: Ctrl+C dropped ${n} queued line${n === 1 ? '' : 's'}\n`;
  return { state: NO_TYPEAHEAD, keys: [...state.keys], notice };
}

/**
 * What held keys will do at `prompt`: the lines they submit, in order, and the unfinished line
 * left in the editor. Shown as a count on the status line, and counted when Ctrl+C drops them.
 * (A Tab is replayed for real later; here it completes nothing.) Pure.
 */
export function queuedLines(prompt: PromptState, keys: readonly KeyEvent[]): { lines: string[]; partial: string } {
  const lines: string[] = [];
  let state = prompt;
  for (const key of keys) {
    const r = promptKey(state, key);
    state = r.state;
    if (r.outcome?.type === 'submit') lines.push(r.outcome.line);
  }
  return { lines, partial: state.line.text };
}

// How many queued lines a user would call lines: blank ones (Enter pressed while waiting) do not count; an unfinished one does.
function countLines(queued: { lines: string[]; partial: string }): number {
  return queued.lines.filter((l) => l.trim() !== '').length + (queued.partial.trim() === '' ? 0 : 1);
}
