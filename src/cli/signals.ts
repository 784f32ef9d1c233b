import { EXIT_INTERRUPTED, SIGNAL_EXIT_CODES } from './exit-codes.js';

/** The process's termination signals as AbortSignals: the first interrupts, the second kills. */
export interface Signals {
  /** Aborted by the first SIGINT, SIGTERM or SIGHUP. */
  readonly interrupt: AbortSignal;
  /** Aborted by the second. */
  readonly kill: AbortSignal;
  /** What to exit with: 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP (130 before any). */
  exitCode(): number;
  /**
   * From now on SIGINT belongs to the interactive shell: in raw mode Ctrl+C is a key, and while
   * a pager or editor has the terminal it is theirs, never a reason for smsh to leave.
   */
  shellOwnsSigint(): void;
  /** Stops listening. */
  dispose(): void;
}

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): unknown;
}

const TERMINATING: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Listens for SIGINT/SIGTERM/SIGHUP once for every command, with the one rule "first interrupts, second kills". */
export function withSignals(source: SignalSource): Signals {
  const interrupt = new AbortController();
  const kill = new AbortController();
  let first: NodeJS.Signals | undefined;
  let shellSigint = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (name === 'SIGINT' && shellSigint) return;
    first ??= name;
    if (interrupt.signal.aborted) kill.abort();
    else interrupt.abort();
  };
  for (const name of TERMINATING) source.on(name, onSignal);
  return {
    interrupt: interrupt.signal,
    kill: kill.signal,
    exitCode: () => (first === undefined ? EXIT_INTERRUPTED : (SIGNAL_EXIT_CODES[first] ?? EXIT_INTERRUPTED)),
    shellOwnsSigint: () => void (shellSigint = true),
    dispose: () => {
      for (const name of TERMINATING) source.off(name, onSignal);
    },
  };
}
