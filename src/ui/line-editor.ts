/** The line being typed: its text, the cursor (a UTF-16 index) and the last killed text (for Ctrl+Y). */
export interface EditorState {
  readonly text: string;
  readonly cursor: number;
  readonly killed: string;
}

/** What a key does to the line, readline's names. */
export type EditAction =
  | { type: 'insert'; text: string }
  | {
      type:
        | 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'word-left' | 'word-right'
        | 'kill-to-start' | 'kill-to-end' | 'kill-word-back' | 'kill-word-forward' | 'yank' | 'transpose' | 'clear';
    };

/** An empty line. */
export const EMPTY_LINE: EditorState = { text: '', cursor: 0, killed: '' };

/** A line holding `text` with the cursor at its end. */
export function lineOf(text: string, killed = ''): EditorState {
  return { text, cursor: text.length, killed };
}

const isLow = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};
const prevIndex = (s: string, i: number) => (i <= 0 ? 0 : isLow(s, i - 1) && i >= 2 ? i - 2 : i - 1);
const nextIndex = (s: string, i: number) => (i >= s.length ? s.length : isLow(s, i + 1) ? i + 2 : i + 1);
const isWordChar = (c: string) => /[\p{L}\p{N}_]/u.test(c);

// readline's backward-word / forward-word: alphanumerics make words.
function wordStart(s: string, i: number): number {
  while (i > 0 && !isWordChar(s[i - 1]!)) i--;
  while (i > 0 && isWordChar(s[i - 1]!)) i--;
  return i;
}
function wordEnd(s: string, i: number): number {
  while (i < s.length && !isWordChar(s[i]!)) i++;
  while (i < s.length && isWordChar(s[i]!)) i++;
  return i;
}
// Ctrl+W (unix-word-rubout): whitespace delimits.
function spaceWordStart(s: string, i: number): number {
  while (i > 0 && /\s/.test(s[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(s[i - 1]!)) i--;
  return i;
}

/** Applies one editing action. Pure, so every key is a table test. */
export function editLine(state: EditorState, action: EditAction): EditorState {
  const { text, cursor } = state;
  const cut = (from: number, to: number): EditorState =>
    from === to ? state : { text: text.slice(0, from) + text.slice(to), cursor: from, killed: text.slice(from, to) };
  switch (action.type) {
    case 'insert':
      return { ...state, text: text.slice(0, cursor) + action.text + text.slice(cursor), cursor: cursor + action.text.length };
    case 'backspace': {
      const p = prevIndex(text, cursor);
      return { ...state, text: text.slice(0, p) + text.slice(cursor), cursor: p };
    }
    case 'delete':
      return { ...state, text: text.slice(0, cursor) + text.slice(nextIndex(text, cursor)) };
    case 'left':
      return { ...state, cursor: prevIndex(text, cursor) };
    case 'right':
      return { ...state, cursor: nextIndex(text, cursor) };
    case 'home':
      return { ...state, cursor: 0 };
    case 'end':
      return { ...state, cursor: text.length };
    case 'word-left':
      return { ...state, cursor: wordStart(text, cursor) };
    case 'word-right':
      return { ...state, cursor: wordEnd(text, cursor) };
    case 'kill-to-start':
      return cut(0, cursor);
    case 'kill-to-end':
      return cut(cursor, text.length);
    case 'kill-word-back':
      return cut(spaceWordStart(text, cursor), cursor);
    case 'kill-word-forward':
      return cut(cursor, wordEnd(text, cursor));
    case 'yank':
      return editLine(state, { type: 'insert', text: state.killed });
    case 'transpose': {
      if (text.length < 2 || cursor === 0) return state;
      const at = cursor >= text.length ? text.length - 1 : cursor;
      const a = text[at - 1]!;
      const b = text[at]!;
      return { ...state, text: text.slice(0, at - 1) + b + a + text.slice(at + 1), cursor: at + 1 };
    }
    case 'clear':
      return { ...EMPTY_LINE, killed: state.killed };
  }
}
