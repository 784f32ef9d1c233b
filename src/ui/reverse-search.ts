/** Ctrl+R's state: what was typed, which entry matches (null before a match) and whether the last search failed. */
export interface SearchState {
  readonly query: string;
  readonly match: number | null;
  readonly failed: boolean;
}

/** A search that has not found anything yet. */
export const NEW_SEARCH: SearchState = { query: '', match: null, failed: false };

// Newest entry at or before `from` that contains the query.
function findBack(entries: readonly string[], query: string, from: number): number | null {
  for (let i = Math.min(from, entries.length - 1); i >= 0; i--) if (entries[i]!.includes(query)) return i;
  return null;
}

/** Types more of the query: the match stays if it still contains it, else the search goes on to older entries. */
export function searchType(s: SearchState, entries: readonly string[], text: string): SearchState {
  const query = s.query + text;
  const found = findBack(entries, query, s.match ?? entries.length - 1);
  return found === null ? { query, match: s.match, failed: true } : { query, match: found, failed: false };
}

/** Ctrl+R again: the next older entry with the query. */
export function searchOlder(s: SearchState, entries: readonly string[]): SearchState {
  if (s.query === '') return s;
  const found = findBack(entries, s.query, (s.match ?? entries.length) - 1);
  return found === null ? { ...s, failed: true } : { ...s, match: found, failed: false };
}

/** Backspace in the query: searched again from the newest entry. */
export function searchErase(s: SearchState, entries: readonly string[]): SearchState {
  const query = s.query.slice(0, -1);
  if (query === '') return NEW_SEARCH;
  const found = findBack(entries, query, entries.length - 1);
  return found === null ? { query, match: null, failed: true } : { query, match: found, failed: false };
}

/** The line a search shows and accepts. */
export function searchLine(s: SearchState, entries: readonly string[]): string {
  return s.match === null ? '' : entries[s.match] ?? '';
}
