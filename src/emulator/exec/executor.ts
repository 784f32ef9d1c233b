// Runs one _script.sh the way the agent does: `sh -c <script>` in a new process group, stdin
// /dev/null, stdout and stderr on separate pipes, SIGKILL of the whole group on cancel or timeout.
// Completion is Go's cmd.Wait(): sh has exited AND both pipes reached EOF.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { OutputCapture } from './output-capture.js';
import { openPipes } from './pipes.js';
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
  /** Directory for the short-lived FIFOs (they are unlinked at once). */
  pipeDir: string;
  /** @default 'sh' (found on PATH, like the agent's exec.Command("sh")) */
  shell?: string;
}

/**
 * How the run ended. 'exited': sh exited and both pipes reached EOF. 'timed-out' / 'cancelled':
 * the group was SIGKILLed. 'start-failed': spawn failed. 'stopped': the emulator shut down.
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
  private readonly readers: Readable[];
  private readonly stdout = new OutputCapture(MAX_STDOUT_BYTES);
  private readonly stderr = new OutputCapture(MAX_STDERR_BYTES);
  private openReaders: number;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stopping: ExecutionEnd | undefined;
  private settled = false;
  private resolveDone!: (result: ExecutionResult) => void;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;

  /** Opens the pipes and starts the script. */
  static async start(run: ScriptRun): Promise<ScriptExecution> {
    return new ScriptExecution(run, await openPipes(run.pipeDir));
  }

  private constructor(run: ScriptRun, pipes: Awaited<ReturnType<typeof openPipes>>) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    try {
      this.child = spawn(run.shell ?? 'sh', ['-c', shellQuote(run.scriptPath)], {
        cwd: run.cwd,
        env: run.env,
        detached: true,
        stdio: ['ignore', pipes?.stdout.writeFd ?? 'pipe', pipes?.stderr.writeFd ?? 'pipe'],
      });
    } finally {
      // The child has its copies; ours must go, or EOF would never come.
      if (pipes) for (const fd of [pipes.stdout.writeFd, pipes.stderr.writeFd]) closeSync(fd);
    }
    const stdoutReader = pipes?.stdout.reader ?? this.child.stdout;
    const stderrReader = pipes?.stderr.reader ?? this.child.stderr;
    this.readers = [stdoutReader, stderrReader].filter((r): r is Readable => r !== null);
    this.openReaders = this.readers.length;
    this.pid = this.child.pid;
    this.leaderStartTime = this.pid === undefined ? undefined : processStartTime(this.pid);
    stdoutReader?.on('data', (chunk: Buffer) => {
      if (!this.stopping) this.stdout.append(chunk);
    });
    stderrReader?.on('data', (chunk: Buffer) => {
      if (!this.stopping) this.stderr.append(chunk);
    });
    for (const reader of this.readers) {
      reader.on('error', () => reader.destroy());
      reader.once('close', () => {
        this.openReaders--;
        this.maybeExited();
      });
    }
    this.child.once('error', (error) => {
      if (this.pid !== undefined) return;
      for (const reader of this.readers) reader.destroy();
      this.finish('start-failed', null, null, error.message);
    });
    this.child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      if (this.stopping) this.finish(this.stopping, null, null);
      else this.maybeExited();
    });
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

  private maybeExited(): void {
    if (this.exit && this.openReaders === 0 && !this.stopping) this.finish('exited', this.exit.code, this.exit.signal);
  }

  /** Like the agent: stop reading, SIGKILL the whole group, report once sh is reaped. */
  private terminate(kind: ExecutionEnd): void {
    if (this.settled || this.stopping) return;
    this.stopping = kind;
    if (this.pid !== undefined) killGroup(this.pid);
    for (const reader of this.readers) reader.destroy();
    if (this.exit) this.finish(kind, null, null);
    else this.graceTimer = setTimeout(() => this.finish(kind, null, null), REAP_GRACE_MS);
  }

  private finish(end: ExecutionEnd, code: number | null, signal: NodeJS.Signals | null, startError?: string): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.graceTimer);
    this.resolveDone({
      end,
      code,
      signal,
      ...(startError === undefined ? {} : { startError }),
      stdout: this.stdout,
      stderr: this.stderr,
    });
  }
}
