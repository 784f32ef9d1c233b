// Runs one _script.sh the way the agent does: `sh -c <script>` in a new process group, stdin
// /dev/null, stdout and stderr on separate pipes, SIGKILL of the whole group on cancel or timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { OutputCapture } from './output-capture.js';
import { killGroup, processStartTime } from './process-group.js';

/** The agent keeps the first 24,000 bytes of stdout (iohandler MaxStdoutLength). */
export const MAX_STDOUT_BYTES = 24_000;
/** The agent keeps the first 8,000 bytes of stderr (iohandler MaxStderrLength). */
export const MAX_STDERR_BYTES = 8_000;

/** What to run. */
export interface ScriptRun {
  scriptPath: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Execution timeout in ms, measured from the start like the agent's time.After. */
  timeoutMs: number;
  /** @default 'sh' (found on PATH, like the agent's exec.Command("sh")) */
  shell?: string;
}

/**
 * How the run ended. 'exited': sh exited and both pipes reached EOF (Go's cmd.Wait()).
 * 'timed-out' / 'cancelled': the group was SIGKILLed. 'start-failed': spawn failed.
 * 'stopped': the emulator shut down.
 */
export type ExecutionEnd = 'exited' | 'timed-out' | 'cancelled' | 'start-failed' | 'stopped';

/** Result of a run; outputs hold only what the agent would keep. */
export interface ExecutionResult {
  end: ExecutionEnd;
  /** Exit status when sh exited normally, else null. */
  code: number | null;
  /** Signal that ended sh, when not ended by us. */
  signal: NodeJS.Signals | null;
  startError?: string;
  stdout: OutputCapture;
  stderr: OutputCapture;
}

/** How long to wait for sh to be reaped after the group was SIGKILLed. */
const REAP_GRACE_MS = 2000;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One running script; `done` settles once, with the first termination reason. */
export class ScriptExecution {
  readonly pid: number | undefined;
  /** Start time of the group leader, to recognise the group at shutdown. */
  readonly leaderStartTime: string | undefined;
  readonly done: Promise<ExecutionResult>;
  private readonly child: ChildProcess;
  private readonly stdout = new OutputCapture(MAX_STDOUT_BYTES);
  private readonly stderr = new OutputCapture(MAX_STDERR_BYTES);
  private stopping: ExecutionEnd | undefined;
  private settled = false;
  private resolveDone!: (result: ExecutionResult) => void;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(run: ScriptRun) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.child = spawn(run.shell ?? 'sh', ['-c', shellQuote(run.scriptPath)], {
      cwd: run.cwd,
      env: run.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.child.pid;
    this.leaderStartTime = this.pid === undefined ? undefined : processStartTime(this.pid);
    this.child.stdout?.on('data', (chunk: Buffer) => {
      if (!this.stopping) this.stdout.append(chunk);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (!this.stopping) this.stderr.append(chunk);
    });
    this.child.once('error', (error) => {
      if (this.pid === undefined) this.finish('start-failed', null, null, error.message);
    });
    this.child.once('close', (code, signal) => this.finish(this.stopping ?? 'exited', code, signal));
    if (this.pid !== undefined) {
      this.timeoutTimer = setTimeout(() => this.terminate('timed-out'), run.timeoutMs);
    }
  }

  /** CancelCommand: SIGKILL the group now; `done` reports 'cancelled'. */
  cancel(): void {
    this.terminate('cancelled');
  }

  /** Emulator shutdown: SIGKILL the group now; `done` reports 'stopped'. */
  stop(): void {
    this.terminate('stopped');
  }

  /** Like the agent: stop reading, SIGKILL the whole group, report once sh is reaped. */
  private terminate(kind: ExecutionEnd): void {
    if (this.settled || this.stopping) return;
    this.stopping = kind;
    if (this.pid !== undefined) killGroup(this.pid);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.graceTimer = setTimeout(() => this.finish(kind, null, null), REAP_GRACE_MS);
  }

  private finish(end: ExecutionEnd, code: number | null, signal: NodeJS.Signals | null, startError?: string): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.graceTimer);
    const killedByUs = end !== 'exited' && end !== 'start-failed';
    this.resolveDone({
      end,
      code: killedByUs ? null : code,
      signal: killedByUs ? null : signal,
      ...(startError === undefined ? {} : { startError }),
      stdout: this.stdout,
      stderr: this.stderr,
    });
  }
}
