import { describe, expect, it } from 'vitest';
import { editLine, type EditAction, type EditorState } from '../../src/ui/line-editor.js';

// Lines are written with | for the cursor.
function at(spec: string, killed = ''): EditorState {
  const cursor = spec.indexOf('|');
  return { text: spec.replace('|', ''), cursor, killed };
}
const show = (s: EditorState) => `${s.text.slice(0, s.cursor)}|${s.text.slice(s.cursor)}`;

describe('editLine', () => {
  it.each<[string, EditAction, string]>([
    ['ls|', { type: 'insert', text: ' -la' }, 'ls -la|'],
    ['l|s', { type: 'insert', text: 'x' }, 'lx|s'],
    ['ls|', { type: 'backspace' }, 'l|'],
    ['|ls', { type: 'backspace' }, '|ls'],
    ['l|s', { type: 'delete' }, 'l|'],
    ['ls|', { type: 'delete' }, 'ls|'],
    ['ls|', { type: 'left' }, 'l|s'],
    ['|ls', { type: 'left' }, '|ls'],
    ['l|s', { type: 'right' }, 'ls|'],
    ['ls|', { type: 'right' }, 'ls|'],
    ['ls -l|a', { type: 'home' }, '|ls -la'],
    ['l|s -la', { type: 'end' }, 'ls -la|'],
    ['cat /var/lo|g', { type: 'word-left' }, 'cat /var/|log'],
    ['|cat /var/log', { type: 'word-right' }, 'cat| /var/log'],
    ['echo hello| world', { type: 'kill-to-start' }, '| world'],
    ['echo hello| world', { type: 'kill-to-end' }, 'echo hello|'],
    ['cat /var/log/syslog|', { type: 'kill-word-back' }, 'cat |'],
    ['cat /var/log/syslog  |', { type: 'kill-word-back' }, 'cat |'],
    ['|cat /var', { type: 'kill-word-forward' }, '| /var'],
    ['ab|', { type: 'transpose' }, 'ba|'],
    ['a|bc', { type: 'transpose' }, 'ba|c'],
    ['x😀|', { type: 'backspace' }, 'x|'],
    ['x😀|', { type: 'left' }, 'x|😀'],
    ['x|😀', { type: 'right' }, 'x😀|'],
    ['abc|', { type: 'clear' }, '|'],
  ])('%s + %j → %s', (before, action, after) => {
    expect(show(editLine(at(before), action))).toBe(after);
  });

  it('yanks what Ctrl+U, Ctrl+K or Ctrl+W killed', () => {
    const killed = editLine(at('echo secret|'), { type: 'kill-word-back' });
    expect(killed.killed).toBe('secret');
    expect(show(editLine(killed, { type: 'yank' }))).toBe('echo secret|');
  });
});
