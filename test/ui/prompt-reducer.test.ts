import { describe, expect, it } from 'vitest';
import { historyOf } from '../../src/ui/history.js';
import { decodeKeys } from '../../src/ui/keys.js';
import { newPrompt, promptKey, type PromptOutcome, type PromptState } from '../../src/ui/prompt-reducer.js';

// Types raw terminal input into a prompt and collects what it asked for.
function type(raw: string, state: PromptState = newPrompt(historyOf(['ls /var', 'cat /etc/hosts', 'pwd']))) {
  const outcomes: PromptOutcome[] = [];
  for (const key of decodeKeys(raw)) {
    const r = promptKey(state, key);
    state = r.state;
    if (r.outcome) outcomes.push(r.outcome);
  }
  return { state, outcomes, line: state.line.text };
}

describe('promptKey', () => {
  it.each<[string, string, PromptOutcome[]]>([
    ['echo hi\r', '', [{ type: 'submit', line: 'echo hi' }]],
    ['a\rb\r', '', [{ type: 'submit', line: 'a' }, { type: 'submit', line: 'b' }]],
    ['echo hi\x03', '', [{ type: 'interrupt', line: 'echo hi' }]],
    ['\x04', '', [{ type: 'eof' }]],
    ['ab\x01\x04', 'b', []],
    ['\x0c', '', [{ type: 'clear-screen' }]],
    ['ls /u\t', 'ls /u', [{ type: 'complete', text: 'ls /u', cursor: 5 }]],
    ['\x1b[A', 'pwd', []],
    ['\x1b[A\x1b[A', 'cat /etc/hosts', []],
    ['x\x1b[A\x1b[B', 'x', []],
    ['\x10\x10\x0e', 'pwd', []],
    ['echo a b\x17\x17', 'echo ', []],
    ['echo abc\x01\x0b', '', []],
    ['echo abc\x1b[D\x1b[D\x7f', 'echo bc', []],
    ['echo abc\x1b[H\x1b[3~', 'cho abc', []],
    ['\x12cat\x1b[C', 'cat /etc/hosts', []],
    ['\x12ls\x12\x05', 'ls /var', []],
    ['\x12cat\x07', '', []],
    ['\x12zz\x1b', '', []],
  ])('%j leaves %j and asks for %j', (raw, line, outcomes) => {
    const r = type(raw);
    expect(r.line).toBe(line);
    expect(r.outcomes).toEqual(outcomes);
  });

  it('runs the match of a reverse search with Enter, and remembers it', () => {
    const r = type('\x12hosts\r');
    expect(r.outcomes).toEqual([{ type: 'submit', line: 'cat /etc/hosts' }]);
    expect(r.state.search).toBeNull();
    expect(r.state.history.entries.at(-1)).toBe('cat /etc/hosts');
  });

  it('Ctrl+C during a search abandons it and the line', () => {
    const r = type('\x12ls\x03');
    expect(r.state.search).toBeNull();
    expect(r.outcomes).toEqual([{ type: 'interrupt', line: '' }]);
  });
});
