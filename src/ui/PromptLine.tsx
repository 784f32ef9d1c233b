import { Text } from 'ink';
import type { PromptState } from './prompt-reducer.js';
import { searchLine } from './reverse-search.js';

/** The props of the prompt line. */
export interface PromptLineProps {
  /** The formatted prompt, `[user@name dir]# `. */
  prompt: string;
  state: PromptState;
}

/** The prompt and the line being edited, with the cursor drawn in inverse; Ctrl+R shows bash's search line instead. */
export function PromptLine({ prompt, state }: PromptLineProps) {
  if (state.search) {
    const match = searchLine(state.search, state.history.entries);
    const at = match.indexOf(state.search.query);
    const label = `(${state.search.failed ? 'failed ' : ''}reverse-i-search)\`${state.search.query}': `;
    return <Cursor before={label + match.slice(0, Math.max(0, at))} rest={match.slice(Math.max(0, at))} />;
  }
  const { text, cursor } = state.line;
  return <Cursor before={prompt + text.slice(0, cursor)} rest={text.slice(cursor)} />;
}

function Cursor({ before, rest }: { before: string; rest: string }) {
  const at = rest.codePointAt(0);
  const under = at === undefined ? ' ' : String.fromCodePoint(at);
  return (
    <Text>
      {before}
      <Text inverse>{under}</Text>
      {rest.slice(under.length)}
    </Text>
  );
}
