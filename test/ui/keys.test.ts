import { describe, expect, it } from 'vitest';
import { decodeKeys } from '../../src/ui/keys.js';

describe('decodeKeys', () => {
  it.each([
    ['ls', [{ name: 'text', text: 'ls' }]],
    ['\r', [{ name: 'enter' }]],
    ['ls\r\npwd\n', [{ name: 'text', text: 'ls' }, { name: 'enter' }, { name: 'text', text: 'pwd' }, { name: 'enter' }]],
    ['\x7f', [{ name: 'backspace' }]],
    ['\b', [{ name: 'backspace' }]],
    ['\x1b[3~', [{ name: 'delete' }]],
    ['\x1b[D\x1b[C\x1b[A\x1b[B', [{ name: 'left' }, { name: 'right' }, { name: 'up' }, { name: 'down' }]],
    ['\x1b[H\x1b[F\x1bOH\x1b[4~', [{ name: 'home' }, { name: 'end' }, { name: 'home' }, { name: 'end' }]],
    ['\x1b[1;5D\x1bf', [{ name: 'word-left' }, { name: 'word-right' }]],
    ['\x1b\x7f\x1bd', [{ name: 'kill-word-back' }, { name: 'kill-word-forward' }]],
    ['\x01\x05\x15\x0b\x17\x03\x04\x0c\x12', ['a', 'e', 'u', 'k', 'w', 'c', 'd', 'l', 'r'].map((key) => ({ name: 'ctrl', key }))],
    ['\t', [{ name: 'tab' }]],
    ['\x1b', [{ name: 'escape' }]],
    ['\x1b[200~', [{ name: 'ignore' }]],
    ['héllo ✓', [{ name: 'text', text: 'héllo ✓' }]],
  ])('decodes %j', (raw, keys) => {
    expect(decodeKeys(raw)).toEqual(keys);
  });
});
