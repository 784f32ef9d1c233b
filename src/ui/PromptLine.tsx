import { Text, useStdout } from 'ink';
import { hiddenMark, lineWindow } from './line-window.js';
import type { PromptState } from './prompt-reducer.js';
import { searchLine } from './reverse-search.js';

/** The props of the prompt line. */
export interface PromptLineProps {
  /** The formatted prompt, `[user@name dir]# `. */
  prompt: string;
  state: PromptState;
}

/** Rows the line being edited may take at most: a long paste shows the part around the cursor. */
export const PROMPT_MAX_ROWS = 8;

/**
 * The prompt and the line being edited, with the cursor drawn in inverse; Ctrl+R shows bash's
 * search line instead. A line longer than a few rows is drawn as a window around the cursor
 * (lineWindow), because Ink re-wraps all the text it is given at every key.
 */
export function PromptLine({ prompt, state }: PromptLineProps) {
  const { stdout } = useStdout();
  const rows = Math.max(1, Math.min(PROMPT_MAX_ROWS, (stdout.rows || 24) - 2));
  const room = (label: string) => Math.max(16, (stdout.columns || 80) * rows - label.length - 32);
  if (state.search) {
    const match = searchLine(state.search, state.history.entries);
    const at = Math.max(0, match.indexOf(state.search.query));
    const label = `(${state.search.failed ? 'failed ' : ''}reverse-i-search)\`${state.search.query}': `;
    return <Cursor label={label} text={match} cursor={at} budget={room(label)} />;
  }
  return <Cursor label={prompt} text={state.line.text} cursor={state.line.cursor} budget={room(prompt)} />;
}

function Cursor({ label, text, cursor, budget }: { label: string; text: string; cursor: number; budget: number }) {
  const w = lineWindow(text, cursor, budget);
  const at = w.after.codePointAt(0);
  const under = at === undefined ? ' ' : String.fromCodePoint(at);
  return (
    <Text>
      {label}
      {w.hiddenBefore > 0 && <Text dimColor>{hiddenMark(w.hiddenBefore)}</Text>}
      {w.before}
      <Text inverse>{under}</Text>
      {w.after.slice(under.length)}
      {w.hiddenAfter > 0 && <Text dimColor>{hiddenMark(w.hiddenAfter)}</Text>}
    </Text>
  );
}
