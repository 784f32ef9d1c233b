/** smsh's own failures exit 255, as ssh's do, so they never look like a remote exit code. */
export const EXIT_SMSH_ERROR = 255;

/** What smsh exits with after a signal stopped it: 128 + the signal's number, as a shell does. */
export const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The exit code before any signal arrived, and for Ctrl+C. */
export const EXIT_INTERRUPTED = 130;
