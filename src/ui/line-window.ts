/** The part of a long line the prompt draws: the text before and after the cursor, with what is cut off counted. */
export interface LineWindow {
  /** Characters hidden before `before` (0: the line is shown from its start). */
  hiddenBefore: number;
  before: string;
  after: string;
  /** Characters hidden after `after`. */
  hiddenAfter: number;
}

const isLow = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};

/**
 * Picks the stretch of `text` around `cursor` that fits in `budget` characters, so drawing the
 * prompt costs the same for a 1 MB paste as for a 1 KB one (Ink wraps every character it is
 * given, on every keypress). A line that fits is shown whole; a longer one is centred on the
 * cursor, so typing at the end shows the end. Never splits a surrogate pair. Pure.
 */
export function lineWindow(text: string, cursor: number, budget: number): LineWindow {
  const room = Math.max(1, Math.floor(budget));
  if (text.length <= room) return { hiddenBefore: 0, before: text.slice(0, cursor), after: text.slice(cursor), hiddenAfter: 0 };
  let start = Math.min(Math.max(0, cursor - Math.floor(room / 2)), text.length - room);
  let end = start + room;
  if (start > 0 && isLow(text, start)) start++;
  if (end < text.length && isLow(text, end)) end--;
  return {
    hiddenBefore: start,
    before: text.slice(start, Math.max(start, cursor)),
    after: text.slice(Math.max(start, cursor), end),
    hiddenAfter: text.length - end,
  };
}

/** How a cut-off stretch is shown: `…(12345 more)`; empty when nothing is hidden. */
export function hiddenMark(count: number): string {
  return count === 0 ? '' : `…(${count} more)`;
}
