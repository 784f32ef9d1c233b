/** What the engine tells a front end while a line runs. */
export type SessionEvent =
  | { type: 'output'; stream: 'stdout' | 'stderr'; data: Buffer }
  | { type: 'status'; phase: 'sent' | 'running' | 'streaming' | 'cancelling' | 'killing'; commandId: string }
  /** A line for the user from smsh itself, already starting with `smsh: `; front ends print it on its own line. */
  | { type: 'notice'; message: string }
  /** The instance's agent became busy (others' documents wait for its workers, so smsh reads less often) or free again. */
  | { type: 'load'; busy: boolean; running: number; waiting: number; workers: number };

/** How one line ended. */
export interface RunResult {
  /** The remote exit code (128+n when a signal ended it). */
  exitCode: number;
  /** The line was interrupted through the run's signal. */
  cancelled: boolean;
  commandId: string;
  bytes: { stdout: number; stderr: number };
  startedAt: number;
  endedAt: number;
}

/** Who and where the session is, for the prompt and the banner. */
export interface SessionPlace {
  user: string;
  home: string;
  cwd: string;
  host: string;
  /** Depth of the su/sudo stack; 0 is the base login. */
  depth: number;
}
