import { useEffect, useState } from 'react';
import { Text } from 'ink';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The props of the line shown while a command runs. */
export interface StatusLineProps {
  /** When the line was sent (ms since the epoch). */
  startedAt: number;
  /** Empty until SendCommand answered. */
  commandId: string;
  /** The engine's last phase, or 'completing' for a Tab lookup. */
  phase: string;
  /** Ctrl+C was pressed once: the next one kills. */
  cancelling: boolean;
  /** Lines typed or pasted ahead, waiting for the prompt (so typing ahead is not silent). */
  queued?: number;
  /** Why output may come slower now: the instance's agent is busy with others' documents. */
  busy?: string | undefined;
  /** Clock, for tests. */
  now?: () => number;
}

/** One line while a command runs: spinner, elapsed time, command id, lines queued behind it, and how to cancel. */
export function StatusLine({ startedAt, commandId, phase, cancelling, queued = 0, busy, now = Date.now }: StatusLineProps) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, []);
  const elapsed = ((now() - startedAt) / 1000).toFixed(1);
  const hint = cancelling ? 'cancelling… Ctrl+C again to kill' : 'Ctrl+C to cancel';
  return (
    <Text dimColor wrap="truncate-end">
      <Text color={cancelling ? 'yellow' : 'cyan'}>{FRAMES[tick % FRAMES.length]}</Text> {elapsed}s · {commandId || phase} · {busy ? <Text color="yellow">{busy} · </Text> : ''}{queued > 0 ? `${queued} queued · ` : ''}{hint}
    </Text>
  );
}
