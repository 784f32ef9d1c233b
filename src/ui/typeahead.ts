import type { KeyEvent } from './keys.js';
import { promptKey, type PromptState } from './prompt-reducer.js';

/** Held keys up to and including one that can make the shell busy (Enter, Tab, Ctrl+D), or the unfinished rest. */
export interface HeldPiece {
  readonly keys: readonly KeyEvent[];
  /** It ends with a key that submits a line a user would count (not blank). */
  readonly counts: boolean;
  /** The last piece, still growing: no busy-making key yet. */
  readonly open: boolean;
}

/**
 * Keys typed or pasted while a line runs, held for the next prompt (like a remote tty's input
 * queue while its command runs), how many lines they make (for the status line), and how many
 * queued lines Ctrl+C dropped, reported once the line has ended. Held keys are replayed onto
 * the prompt as they arrive (`replay`), so more keys cost only themselves, and they are given
 * back one piece at a time, so a pasted block of many lines is never re-held line after line.
 */
export interface TypeAhead {
  /** Pieces not given back yet start at `head`. */
  readonly pieces: readonly HeldPiece[];
  readonly head: number;
  /** Lines the held keys make: non-blank submitted ones, plus an unfinished one. */
  readonly lines: number;
  readonly dropped: number;
  /** The prompt as the held keys leave it (null when nothing is held). */
  readonly replay: PromptState | null;
}

/** Nothing held. */
export const NO_TYPEAHEAD: TypeAhead = { pieces: [], head: 0, lines: 0, dropped: 0, replay: null };

// Outcomes after which the shell may be busy (a line runs, a Tab lookup, leaving): a piece ends there.
const BOUNDARIES: ReadonlySet<string> = new Set(['submit', 'complete', 'eof']);

// Lines a user would call lines: the counted submitted ones, and an unfinished one that is not blank.
function countOf(pieces: readonly HeldPiece[], head: number, replay: PromptState | null): number {
  let n = 0;
  for (let i = head; i < pieces.length; i++) if (pieces[i]!.counts) n++;
  return n + (replay !== null && replay.line.text.trim() !== '' ? 1 : 0);
}

/**
 * Keys that arrive while the shell is busy. Ctrl+C while a command runs is not held: it asks the
 * shell to interrupt (`interrupts` counts them; a second one kills), and it drops every held key.
 * That mirrors bash over ssh: the remote tty flushes its input queue on SIGINT (no NOFLSH), so
 * lines typed ahead of a command cancelled with ^C never run; keys typed after the ^C are kept.
 * Busy without a command (a Tab lookup), Ctrl+C is held and clears the line at the prompt.
 * Costs the new keys only (plus one copy of the pieces list). Pure.
 */
export function holdKeys(state: TypeAhead, keys: readonly KeyEvent[], at: { prompt: PromptState; running: boolean }): { state: TypeAhead; interrupts: number } {
  let pieces: HeldPiece[] = state.pieces.slice(state.head);
  const last = pieces.at(-1);
  let open: KeyEvent[] = last?.open ? [...pieces.pop()!.keys] : [];
  let replay = state.replay ?? at.prompt;
  let dropped = state.dropped;
  let interrupts = 0;
  let submitted = countOf(pieces, 0, null);
  for (const key of keys) {
    if (at.running && key.name === 'ctrl' && key.key === 'c') {
      dropped += submitted + (replay.line.text.trim() !== '' ? 1 : 0);
      pieces = [];
      open = [];
      replay = at.prompt;
      submitted = 0;
      interrupts++;
      continue;
    }
    open.push(key);
    const r = promptKey(replay, key);
    replay = r.state;
    if (r.outcome && BOUNDARIES.has(r.outcome.type)) {
      const counts = r.outcome.type === 'submit' && r.outcome.line.trim() !== '';
      pieces.push({ keys: open, counts, open: false });
      if (counts) submitted++;
      open = [];
    }
  }
  if (open.length > 0) pieces.push({ keys: open, counts: false, open: true });
  const held = pieces.length > 0;
  return {
    state: { pieces, head: 0, lines: held ? countOf(pieces, 0, replay) : 0, dropped, replay: held ? replay : null },
    interrupts,
  };
}

/**
 * The shell is idle again: the next held piece, to feed to the prompt (the shell asks again while
 * it stays idle), and the one-line notice of what Ctrl+C dropped (null when nothing was). Pure, O(1).
 */
export function releaseKeys(state: TypeAhead): { state: TypeAhead; keys: KeyEvent[]; notice: string | null } {
  const n = state.dropped;
  const notice = n === 0 ? null : `smsh: Ctrl+C dropped ${n} queued line${n === 1 ? '' : 's'}\n`;
  const piece = state.pieces[state.head];
  if (piece === undefined) return { state: NO_TYPEAHEAD, keys: [], notice };
  const head = state.head + 1;
  if (head >= state.pieces.length) return { state: NO_TYPEAHEAD, keys: [...piece.keys], notice };
  return { state: { ...state, head, lines: state.lines - (piece.counts ? 1 : 0), dropped: 0 }, keys: [...piece.keys], notice };
}

/** True while held keys wait to be given back. */
export function hasHeldKeys(state: TypeAhead): boolean {
  return state.head < state.pieces.length;
}

/**
 * What keys will do at `prompt`: the lines they submit, in order, and the unfinished line left in
 * the editor. (A Tab is replayed for real later; here it completes nothing.) Pure.
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
