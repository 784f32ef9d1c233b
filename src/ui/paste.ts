import { decodeKeys, type KeyEvent } from './keys.js';

/** Asks the terminal to bracket pastes (xterm's mode 2004); written when the prompt takes the terminal. */
export const BRACKETED_PASTE_ON = '\x1b[?2004h';
/** Turns bracketing off again: written before smsh hands the terminal to vi/less and when it leaves. */
export const BRACKETED_PASTE_OFF = '\x1b[?2004l';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** What decoding remembers between chunks of input: inside a bracketed paste, and whether the paste's last character was a CR (so a `\n` in the next chunk does not count twice). */
export interface InputState {
  readonly pasting: boolean;
  readonly afterCr: boolean;
}

/** The state at start, and after the terminal was handed back. */
export const NEW_INPUT: InputState = { pasting: false, afterCr: false };

/**
 * Decodes raw terminal input with bracketed paste in mind. Outside a paste it is `decodeKeys`.
 * Inside one (ESC[200~ … ESC[201~) the text is only text: escape sequences and control
 * characters are dropped, so a pasted ESC[A, ^C or ^D cannot fire a binding, and a Tab
 * stays a Tab instead of asking for completion. Each newline (`\r`, `\n` or `\r\n`) is Enter.
 *
 * That last part is a choice: bash 5.1+ puts a multi-line bracketed paste in the edit buffer and
 * waits for Enter. smsh's line editor holds one line, and a user pasting three commands from a
 * runbook expects three commands to run, as they do over ssh with a terminal or shell that does
 * not bracket; so pasted lines are submitted in order, exactly as if they were typed, and a last
 * line without a newline stays in the editor. Typed and pasted input behave the same either way.
 *
 * Ink hands each escape sequence over whole, so a marker is never split across two calls. Pure.
 */
export function decodeInput(state: InputState, raw: string): { state: InputState; keys: KeyEvent[] } {
  const keys: KeyEvent[] = [];
  let { pasting, afterCr } = state;
  let rest = raw;
  while (rest !== '') {
    const marker = pasting ? PASTE_END : PASTE_START;
    const at = rest.indexOf(marker);
    const part = at < 0 ? rest : rest.slice(0, at);
    if (pasting) {
      const pasted = pasteKeys(part, afterCr);
      keys.push(...pasted.keys);
      afterCr = pasted.afterCr;
    } else keys.push(...decodeKeys(part));
    if (at < 0) break;
    pasting = !pasting;
    afterCr = false;
    rest = rest.slice(at + marker.length);
  }
  return { state: { pasting, afterCr }, keys };
}

// Escape sequences (CSI, SS3, ESC + one character, a lone ESC), then C0 controls but Tab, and DEL.
const NOT_TEXT = /\x1b\[[0-?]*[ -/]*[@-~]|\x1bO.|\x1b[^]?|[\x00-\x08\x0b-\x1f\x7f]/g;

function pasteKeys(text: string, afterCr: boolean): { keys: KeyEvent[]; afterCr: boolean } {
  const keys: KeyEvent[] = [];
  // A `\n` that ends a `\r\n` split across two chunks was already counted.
  const skip = afterCr && text.startsWith('\n');
  const body = skip ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (i > 0) keys.push({ name: 'enter' });
    const clean = line.replace(NOT_TEXT, '');
    if (clean !== '') keys.push({ name: 'text', text: clean });
  });
  return { keys, afterCr: body === '' ? afterCr && !skip : body.endsWith('\r') };
}

/**
 * Joins runs of text keys into one (a paste arrives as one text key per read of the terminal),
 * so the line editor inserts a long paste once instead of once per read. Pure.
 */
export function joinText(keys: readonly KeyEvent[]): KeyEvent[] {
  const out: KeyEvent[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push({ name: 'text', text: run.join('') });
    run = [];
  };
  for (const key of keys) {
    if (key.name === 'text') run.push(key.text);
    else {
      flush();
      out.push(key);
    }
  }
  flush();
  return out;
}
