/** Recalled lines, oldest first; `index === entries.length` means the line being typed (`draft`). */
export interface HistoryState {
  readonly entries: readonly string[];
  readonly index: number;
  readonly draft: string;
}

/** Lines kept in memory and in the file. */
export const HISTORY_LIMIT = 2000;

/** History positioned after its last entry. */
export function historyOf(entries: readonly string[]): HistoryState {
  const kept = entries.slice(-HISTORY_LIMIT);
  return { entries: kept, index: kept.length, draft: '' };
}

/** Up: the previous entry, saving what was typed when leaving it. Returns the new state and the line to show, or null at the oldest. */
export function historyUp(h: HistoryState, current: string): { history: HistoryState; line: string } | null {
  if (h.index === 0) return null;
  const draft = h.index === h.entries.length ? current : h.draft;
  const index = h.index - 1;
  return { history: { ...h, index, draft }, line: h.entries[index]! };
}

/** Down: the next entry, and the saved draft after the newest. Null when already at the draft. */
export function historyDown(h: HistoryState): { history: HistoryState; line: string } | null {
  if (h.index >= h.entries.length) return null;
  const index = h.index + 1;
  return { history: { ...h, index }, line: index === h.entries.length ? h.draft : h.entries[index]! };
}

/**
 * Whether a submitted line is remembered: not blank, not typed with a leading space (bash's
 * `ignorespace`, a way to keep a secret out of the file).
 */
export function isRemembered(line: string): boolean {
  return line.trim() !== '' && !/^\s/.test(line);
}

/** Records a submitted line (skipping repeats of the last one and lines not remembered) and returns to the draft position. */
export function historyAdd(h: HistoryState, line: string): HistoryState {
  const entries = isRemembered(line) && h.entries.at(-1) !== line ? [...h.entries, line].slice(-HISTORY_LIMIT) : h.entries;
  return { entries, index: entries.length, draft: '' };
}
