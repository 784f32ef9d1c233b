import { useEffect, useRef } from 'react';
import { useStdin, useStdout } from 'ink';
import type { KeyEvent } from './keys.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON, NEW_INPUT, decodeInput, joinText, type InputState } from './paste.js';

/**
 * Delivers the keys typed and pasted while active, with the terminal in raw mode and bracketed
 * paste on (turned off again when inactive: the shell hands the terminal to vi or less by
 * deactivating, and Ink unmounts it on exit). The shell decodes raw input itself (keys.ts,
 * paste.ts) because Ink's key object merges Backspace with Delete and drops what a paste contains.
 */
export function useRawKeys(handler: (keys: KeyEvent[]) => void, isActive: boolean): void {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const { stdout } = useStdout();
  const current = useRef(handler);
  current.current = handler;
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    // Only a terminal is told to bracket pastes (a test's fake stdout would record the bytes).
    if (stdout.isTTY) stdout.write(BRACKETED_PASTE_ON);
    return () => {
      if (stdout.isTTY) stdout.write(BRACKETED_PASTE_OFF);
      setRawMode(false);
    };
  }, [isActive, setRawMode, stdout]);
  useEffect(() => {
    if (!isActive) return;
    // A paste cut short by a hand-off does not outlive it.
    let state: InputState = NEW_INPUT;
    let pending: KeyEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const keys = joinText(pending);
      pending = [];
      if (keys.length > 0) current.current(keys);
    };
    const listener = (input: string) => {
      const r = decodeInput(state, input);
      state = r.state;
      for (const key of r.keys) pending.push(key);
      // Inside a bracketed paste, keys are handed over at its end (and every PASTE_FLUSH_MS
      // meanwhile), as one text run: a terminal delivers a paste 4 KB a read, and drawing
      // the line after each read made a long paste cost the square of its length.
      if (state.pasting) timer ??= setTimeout(flush, PASTE_FLUSH_MS);
      else flush();
    };
    events.on('input', listener);
    return () => {
      events.off('input', listener);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [isActive, events]);
}

/** How often the line is redrawn while a long bracketed paste is still arriving, in ms. */
export const PASTE_FLUSH_MS = 100;
