import type { KeyEvent } from './keys.js';
import { EMPTY_LINE, editLine, lineOf, type EditAction, type EditorState } from './line-editor.js';
import { historyAdd, historyDown, historyUp, type HistoryState } from './history.js';
import { NEW_SEARCH, searchErase, searchLine, searchOlder, searchType, type SearchState } from './reverse-search.js';

/** Everything the prompt holds between keys. */
export interface PromptState {
  readonly line: EditorState;
  readonly history: HistoryState;
  /** Set while Ctrl+R is searching. */
  readonly search: SearchState | null;
}

/** What a key asks the shell to do besides changing the prompt. */
export type PromptOutcome =
  | { type: 'submit'; line: string }
  | { type: 'eof' }
  | { type: 'interrupt'; line: string }
  | { type: 'clear-screen' }
  | { type: 'complete'; text: string; cursor: number }
  | null;

const EDIT_KEYS: Partial<Record<string, EditAction['type']>> = {
  backspace: 'backspace', delete: 'delete', left: 'left', right: 'right', home: 'home', end: 'end',
  'word-left': 'word-left', 'word-right': 'word-right', 'kill-word-back': 'kill-word-back', 'kill-word-forward': 'kill-word-forward',
  'ctrl-a': 'home', 'ctrl-e': 'end', 'ctrl-b': 'left', 'ctrl-f': 'right', 'ctrl-h': 'backspace',
  'ctrl-u': 'kill-to-start', 'ctrl-k': 'kill-to-end', 'ctrl-w': 'kill-word-back', 'ctrl-y': 'yank', 'ctrl-t': 'transpose',
};

const keyId = (key: KeyEvent) => (key.name === 'ctrl' ? `ctrl-${key.key}` : key.name);

/**
 * The prompt's reducer: one key in, the next prompt state and what the shell must do out.
 * Enter submits, Ctrl+C abandons the line, Ctrl+D on an empty line ends the session (else it
 * deletes like Delete), Ctrl+L clears, Tab asks for completion, Up/Down and Ctrl+P/N walk the
 * history, Ctrl+R searches it. Pure.
 */
export function promptKey(state: PromptState, key: KeyEvent): { state: PromptState; outcome: PromptOutcome } {
  if (state.search) return searchKey(state, state.search, key);
  const id = keyId(key);
  const same = (s: PromptState, outcome: PromptOutcome = null) => ({ state: s, outcome });
  if (key.name === 'text') return same({ ...state, line: editLine(state.line, { type: 'insert', text: key.text }) });
  switch (id) {
    case 'enter':
    case 'ctrl-j':
    case 'ctrl-m':
      return same({ ...state, line: { ...EMPTY_LINE, killed: state.line.killed }, history: historyAdd(state.history, state.line.text) }, { type: 'submit', line: state.line.text });
    case 'ctrl-c':
      return same({ ...state, line: { ...EMPTY_LINE, killed: state.line.killed }, history: { ...state.history, index: state.history.entries.length, draft: '' } }, { type: 'interrupt', line: state.line.text });
    case 'ctrl-d':
      if (state.line.text === '') return same(state, { type: 'eof' });
      return same({ ...state, line: editLine(state.line, { type: 'delete' }) });
    case 'ctrl-l':
      return same(state, { type: 'clear-screen' });
    case 'tab':
    case 'ctrl-i':
      return same(state, { type: 'complete', text: state.line.text, cursor: state.line.cursor });
    case 'up':
    case 'ctrl-p': {
      const r = historyUp(state.history, state.line.text);
      return same(r ? { ...state, history: r.history, line: lineOf(r.line, state.line.killed) } : state);
    }
    case 'down':
    case 'ctrl-n': {
      const r = historyDown(state.history);
      return same(r ? { ...state, history: r.history, line: lineOf(r.line, state.line.killed) } : state);
    }
    case 'ctrl-r':
      return same({ ...state, search: NEW_SEARCH });
  }
  const edit = EDIT_KEYS[id];
  return same(edit ? { ...state, line: editLine(state.line, { type: edit } as EditAction) } : state);
}

function searchKey(state: PromptState, search: SearchState, key: KeyEvent): { state: PromptState; outcome: PromptOutcome } {
  const entries = state.history.entries;
  const id = keyId(key);
  if (key.name === 'text') return { state: { ...state, search: searchType(search, entries, key.text) }, outcome: null };
  switch (id) {
    case 'ctrl-r':
      return { state: { ...state, search: searchOlder(search, entries) }, outcome: null };
    case 'backspace':
    case 'ctrl-h':
      return { state: { ...state, search: searchErase(search, entries) }, outcome: null };
    case 'ctrl-g':
    case 'escape':
      return { state: { ...state, search: null }, outcome: null };
    case 'ctrl-c':
      return promptKey({ ...state, search: null }, key);
  }
  // Any other key accepts the match into the line, then acts on it (Enter runs it).
  const found = searchLine(search, entries);
  const accepted: PromptState = { ...state, search: null, line: found === '' && search.match === null ? state.line : lineOf(found, state.line.killed) };
  return promptKey(accepted, key);
}

/** A fresh prompt over the given history entries. */
export function newPrompt(history: HistoryState): PromptState {
  return { line: EMPTY_LINE, history, search: null };
}
