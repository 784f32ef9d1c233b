/** One key (or a run of typed text) decoded from raw terminal input. */
export type KeyEvent =
  | { name: 'text'; text: string }
  | {
      name:
        | 'enter' | 'tab' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end'
        | 'word-left' | 'word-right' | 'kill-word-back' | 'kill-word-forward' | 'escape' | 'ignore';
    }
  | { name: 'ctrl'; key: string };

const CSI: Record<string, KeyEvent['name']> = {
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left',
  OA: 'up', OB: 'down', OC: 'right', OD: 'left',
  '[H': 'home', OH: 'home', '[1~': 'home', '[7~': 'home',
  '[F': 'end', OF: 'end', '[4~': 'end', '[8~': 'end',
  '[3~': 'delete',
  '[1;5C': 'word-right', '[1;3C': 'word-right', '[5C': 'word-right',
  '[1;5D': 'word-left', '[1;3D': 'word-left', '[5D': 'word-left',
  f: 'word-right', b: 'word-left', d: 'kill-word-forward', '\x7f': 'kill-word-back', '\b': 'kill-word-back',
};

/**
 * Decodes raw terminal input into keys, readline-style. Ink's own key object cannot tell
 * Backspace (0x7f) from Delete (ESC [3~), so the shell reads raw strings and decodes them here.
 * Text runs stay together, so a pasted block is one event per line plus one `enter` per newline
 * (`\r\n` counts once). Pure.
 */
export function decodeKeys(raw: string): KeyEvent[] {
  const out: KeyEvent[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') out.push({ name: 'text', text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\x1b') {
      flush();
      const next = raw[i + 1];
      if (next === undefined || next === '\x1b') {
        out.push({ name: 'escape' });
        continue;
      }
      let seq: string;
      if (next === '[' || next === 'O') {
        let j = i + 2;
        if (next === '[') while (j < raw.length && /[0-9;?[]/.test(raw[j]!)) j++;
        seq = raw.slice(i + 1, j + 1);
        i = j;
      } else {
        seq = next;
        i += 1;
      }
      const name = CSI[seq];
      out.push(name ? ({ name } as KeyEvent) : { name: 'ignore' });
    } else if (ch === '\r' || ch === '\n') {
      flush();
      if (ch === '\r' && raw[i + 1] === '\n') i++;
      out.push({ name: 'enter' });
    } else if (ch === '\t') {
      flush();
      out.push({ name: 'tab' });
    } else if (ch === '\x7f' || ch === '\b') {
      flush();
      out.push({ name: 'backspace' });
    } else if (code < 0x20) {
      flush();
      out.push({ name: 'ctrl', key: String.fromCharCode(code + 96) });
    } else {
      text += ch;
    }
  }
  flush();
  return out;
}
