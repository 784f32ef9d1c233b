import { useEffect, useRef } from 'react';
import { useStdin } from 'ink';

/**
 * Delivers raw terminal input (Ink splits it into escape sequences and text runs) while active,
 * with the terminal in raw mode. The shell decodes keys itself (keys.ts) because Ink's key object
 * merges Backspace with Delete and drops what a paste contains.
 */
export function useRawKeys(handler: (input: string) => void, isActive: boolean): void {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const current = useRef(handler);
  current.current = handler;
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isActive, setRawMode]);
  useEffect(() => {
    if (!isActive) return;
    const listener = (input: string) => current.current(input);
    events.on('input', listener);
    return () => {
      events.off('input', listener);
    };
  }, [isActive, events]);
}
