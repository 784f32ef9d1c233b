import { describe, expect, it } from 'vitest';
import type { KeyEvent } from '../../src/ui/keys.js';
import { NEW_INPUT, decodeInput, joinText, type InputState } from '../../src/ui/paste.js';

// Decodes chunks in order, as Ink delivers them, and collects the keys.
function decode(chunks: string[], state: InputState = NEW_INPUT) {
  const keys: KeyEvent[] = [];
  for (const chunk of chunks) {
    const r = decodeInput(state, chunk);
    state = r.state;
    keys.push(...r.keys);
  }
  return { keys, state };
}

const text = (t: string): KeyEvent => ({ name: 'text', text: t });
const enter: KeyEvent = { name: 'enter' };
const B = '\x1b[200~';
const E = '\x1b[201~';

describe('decodeInput', () => {
  it.each<[string, string[], KeyEvent[]]>([
    ['typed keys as decodeKeys does', ['ls\x1b[D\t\x03'], [text('ls'), { name: 'left' }, { name: 'tab' }, { name: 'ctrl', key: 'c' }]],
    ['a paste of three lines: three Enters', [`${B}echo a\recho b\recho c\r${E}`], [text('echo a'), enter, text('echo b'), enter, text('echo c'), enter]],
    ['a paste as Ink splits it: markers apart', [B, 'echo a\recho b\r', E], [text('echo a'), enter, text('echo b'), enter]],
    ['\\n and \\r\\n are one Enter each', [`${B}a\nb\r\nc${E}`], [text('a'), enter, text('b'), enter, text('c')]],
    ['a last line without newline stays text', [`${B}ls\rpwd${E}`], [text('ls'), enter, text('pwd')]],
    ['escape sequences in a paste fire nothing', [B, 'a', '\x1b[A', '\x1b[3~', 'b', '\x1bOH', '\x1bd', '\x1b', E], [text('a'), text('b')]],
    ['control characters in a paste fire nothing', [`${B}x\x03y\x04\x7f\x15z\x1bq${E}`], [text('xyz')]],
    ['a Tab in a paste is text, not completion', [`${B}printf 'a\tb'${E}`], [text("printf 'a\tb'")]],
    ['keys after the paste are keys again', [`${B}ls${E}\x03\r`], [text('ls'), { name: 'ctrl', key: 'c' }, enter]],
    ['keys before the paste are keys', [`\x15${B}ls${E}`], [{ name: 'ctrl', key: 'u' }, text('ls')]],
    ['\\r\\n split across chunks is one Enter', [B, 'a\r', '\nb', E], [text('a'), enter, text('b')]],
    ['\\r then \\n\\n across chunks is two Enters', [B, 'a\r', '\n', '\n', E], [text('a'), enter, enter]],
    ['an empty paste is nothing', [B, E], []],
    ['blank lines in a paste are Enters', [`${B}\r\r${E}`], [enter, enter]],
  ])('%s', (_what, chunks, keys) => {
    expect(decode(chunks).keys).toEqual(keys);
  });

  it('remembers an unfinished paste between chunks, and forgets it at the end marker', () => {
    expect(decode([B, 'ab']).state).toEqual({ pasting: true, afterCr: false });
    expect(decode([B, 'ab\r']).state).toEqual({ pasting: true, afterCr: true });
    expect(decode([B, 'ab\r', E]).state).toEqual(NEW_INPUT);
  });
});

describe('joinText', () => {
  it('joins runs of text into one key and keeps other keys where they were', () => {
    expect(joinText([text('a'), text('b'), enter, text('c'), { name: 'tab' }, text('d'), text('e')])).toEqual([text('ab'), enter, text('c'), { name: 'tab' }, text('de')]);
  });
});
