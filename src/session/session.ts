import { randomBytes } from 'node:crypto';
import { buildEndScript, readEndOutput } from '../remote/end-script.js';
import { buildRunScript } from '../remote/run-script.js';
import { SmshError } from '../util/smsh-error.js';
import { Channel, readOrExplain } from './channel.js';
import type { RunResult, SessionEvent, SessionPlace } from './events.js';
import { OutputAssembler } from './output-assembler.js';
import type { Pace } from './pace.js';
import { driveLine } from './run/drive.js';
import { LineRun, type EngineTuning } from './run/line-run.js';
import { EMPTY_SHELL, placeOf, popLayer, pushLayer, topLayer, withProbe, withReport, type ShellState } from './shell-state.js';
import type { SsmPort } from './ssm-port.js';
import { removeUpload, uploadPieces } from './uploader.js';
import { parseUserSwitch } from './user-switch.js';

/** Everything a session needs, injected so tests build it by hand. */
export interface SessionOptions extends Partial<EngineTuning> {
  port: SsmPort;
  /** Who runs smsh, for the invocation Comment (`smsh alice@laptop: ls`). */
  clientLabel: string;
  /** A typed line's execution timeout, in seconds, enforced by its keeper on the instance; the maximum by default so `tail -f` lives on. */
  executionTimeoutSeconds?: number;
  /** Hang a line up when no smsh script reached its session for this long, in ms (0: never). @default 300000 */
  hangupMs?: number;
  /** One-shot mode: the session ends with its first command and cleans up inside it when it can. */
  oneShot?: boolean;
  pace?: Pace;
  /** Documents in flight at once: the most of the agent's workers this session can hold. @default 3 */
  budget?: number;
  /** Run lines with POSIX sh even where bash exists (tests). */
  forcePosix?: boolean;
  /** Characters of data a frame may carry (under the 24,000 output cap, with room for the frame). */
  frameBudget?: number;
  /** Largest line sent inside the run script itself (as octal escapes, 4 characters a byte); longer lines are uploaded in pieces first. */
  inlineLineBytes?: number;
  /** Largest stdin sent inside the run script itself; more is uploaded in pieces first. */
  inlineStdinBytes?: number;
  /** Minutes after which an idle session directory left by a dead client is removed. */
  gcMinutes?: number;
  /** The first guess of one round trip (send → result visible), in ms, until measured. */
  initialRoundTripMs?: number;
  random?: () => number;
}

/** What one line needs besides its text. */
export interface RunOptions {
  /** Aborting it interrupts the line: SIGTERM to its process tree, then SIGKILL after the grace. */
  signal?: AbortSignal;
  /** Aborting it kills at once (a second Ctrl+C). */
  killSignal?: AbortSignal;
  /** Bytes for the line's stdin. */
  stdin?: Buffer;
  onEvent?: (event: SessionEvent) => void;
}

const MAX_TIMEOUT = 172_800;

/** A line that asks to survive its client, as `nohup` does over ssh: the keeper never hangs it up. */
function keepsRunning(line: string): boolean {
  return /^\s*nohup(\s|$)/.test(line);
}

/**
 * The engine's face: one shell on one instance. It runs typed lines (each its own SendCommand,
 * followed by the run driver in `run/`), keeps the su/sudo stack and where the user is
 * (`shell-state.ts`), and ends the session. Everything it sends goes through its `channel`, which
 * transfers, the editor and Tab completion use too.
 */
export class Session {
  readonly id = randomBytes(8).toString('hex');
  /** The channel every document of this session goes through (public: transfers and completion use it). */
  readonly channel: Channel;
  /** The Comment of the last run script sent, to find its first delivery if a response was lost. */
  lastComment = '';
  private state: ShellState = EMPTY_SHELL;
  private seq = 0;
  private started = false;
  private ended = false;
  private finished: number[] = [];
  private readonly tuning: EngineTuning;
  private readonly o: SessionOptions;

  constructor(options: SessionOptions) {
    this.o = options;
    this.tuning = {
      readerWaitMs: options.readerWaitMs ?? 120_000,
      runBatchMs: options.runBatchMs ?? 100,
      cancelGraceMs: options.cancelGraceMs ?? 2_000,
      companionReader: options.companionReader ?? true,
      rangeReaders: options.rangeReaders ?? 3,
    };
    this.channel = new Channel({
      port: options.port,
      clientLabel: options.clientLabel,
      ...(options.pace ? { pace: options.pace } : {}),
      ...(options.initialRoundTripMs !== undefined ? { initialRoundTripMs: options.initialRoundTripMs } : {}),
      ...(options.budget !== undefined ? { budget: options.budget } : {}),
      ...(options.frameBudget !== undefined ? { frameBudget: options.frameBudget } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /** Where the session is now: user, home, cwd, host and su depth. */
  place(): SessionPlace {
    return placeOf(this.state);
  }

  /** True once the session's directory is gone on the instance (one-shot cleanup inside the last command, or end()). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Opens the session: one round trip creates the spool, learns user, host and home, and sets up the base shell. */
  async start(signal?: AbortSignal): Promise<SessionPlace> {
    await this.runLine('', signal ? { signal } : {});
    return this.place();
  }

  /**
   * Runs one typed line. `su`, `sudo -i` and friends push a user layer, and `exit` pops one;
   * everything else runs remotely. Resolves when the line has ended and all its output was
   * delivered through onEvent.
   */
  async run(line: string, options: RunOptions = {}): Promise<RunResult> {
    const change = this.started ? parseUserSwitch(line) : null;
    if (change?.action === 'pop' && this.state.layers.length > 1) {
      this.state = popLayer(this.state);
      const now = Date.now();
      return { exitCode: change.code ?? 0, cancelled: false, commandId: '', bytes: { stdout: 0, stderr: 0 }, startedAt: now, endedAt: now };
    }
    if (change?.action === 'push') {
      const before = this.state;
      this.state = pushLayer(this.state, change);
      let result: RunResult | undefined;
      try {
        result = await this.runLine('', options, true);
        return result;
      } finally {
        if (result === undefined || result.exitCode !== 0) this.state = { ...this.state, layers: before.layers };
      }
    }
    return this.runLine(line, options);
  }

  /**
   * Ends the session: a line still running is stopped and the session's directory removed. With
   * `wait` false (a one-shot that has printed everything) it returns once the end script was
   * sent, without waiting for it to run.
   */
  async end(options: { wait?: boolean } = {}): Promise<void> {
    if (this.ended || !this.started) return;
    this.ended = true;
    try {
      const doc = await this.channel.send(buildEndScript(this.id), { line: '(end session)', timeoutSeconds: 30, control: true });
      if (options.wait === false) return;
      // Bounded: with --local the endpoint stops right after, and a script still pending then would leave the directory behind.
      readOrExplain(await this.channel.wait(doc, { expectSoon: true, signal: AbortSignal.timeout(10_000) }), readEndOutput);
    } catch {
      // The directory is removed by a later session's garbage collection.
    }
  }

  private async runLine(line: string, options: RunOptions, freshLayer = false): Promise<RunResult> {
    const onEvent = options.onEvent ?? (() => {});
    const first = !this.started;
    const seq = ++this.seq;
    const startedAt = Date.now();
    const stdin = options.stdin;
    const lineBytes = Buffer.from(line);
    const uploads: string[] = [];
    let stdinUpload: string | undefined;
    let lineUpload: string | undefined;
    try {
      // Interrupting an upload is safe (nothing runs yet): the line ends as cancelled.
      const spec = (tag: string) => ({ line, tag, ...(options.signal ? { signal: options.signal } : {}) });
      // 5 request bytes a byte inline (octal, JSON-escaped): 30 KB beside a run script of ~29 KB.
      if (stdin !== undefined && stdin.length > (this.o.inlineStdinBytes ?? 6_000)) uploads.push((stdinUpload = await uploadPieces(this.channel, this.id, stdin, spec('(stdin)'))));
      if (lineBytes.length > (this.o.inlineLineBytes ?? 6_000)) uploads.push((lineUpload = await uploadPieces(this.channel, this.id, lineBytes, spec('(long line)'))));
    } catch (error) {
      for (const tag of uploads) await removeUpload(this.channel, this.id, tag, line);
      if (!options.signal?.aborted) throw error;
      const now = Date.now();
      return { exitCode: 130, cancelled: true, commandId: '', bytes: { stdout: 0, stderr: 0 }, startedAt, endedAt: now };
    }
    const removals = [...this.finished];
    const layers = this.state.layers;
    const script = buildRunScript({
      sessionId: this.id,
      seq,
      line: lineUpload ? Buffer.alloc(0) : lineBytes,
      ...(lineUpload ? { lineUpload } : {}),
      layer: topLayer(this.state),
      ...(freshLayer && layers.length > 1 ? { parent: layers[layers.length - 2]! } : {}),
      ...(stdin !== undefined && !stdinUpload ? { stdinInline: stdin } : {}),
      ...(stdinUpload ? { stdinUpload } : {}),
      // The first command's output also holds the probe's frame (~300 characters).
      inlineBudget: this.channel.frameBudget - (first ? 1_000 : 0),
      maxChunk: 262_144,
      ...(first ? { createSession: { gcMinutes: this.o.gcMinutes ?? 7 * 24 * 60 } } : {}),
      endSessionWhenDone: this.o.oneShot === true,
      removeSeqs: removals,
      freshLayer,
      forcePosix: this.o.forcePosix === true,
      waitTenths: Math.round(this.tuning.readerWaitMs / 100),
      batchHundredths: Math.round(this.tuning.runBatchMs / 10),
      limits: {
        hangupMs: keepsRunning(line) ? 0 : (this.o.hangupMs ?? 300_000),
        timeoutMs: (this.o.executionTimeoutSeconds ?? MAX_TIMEOUT) * 1000,
        graceTenths: Math.round(this.tuning.cancelGraceMs / 100),
      },
    });
    const label = first && line === '' ? '(start session)' : line;
    this.lastComment = this.channel.comment(label);
    // Not abortable: a SendCommand cut short may still have reached AWS, and a line that runs
    // untracked could not be stopped. An interrupt during the send is handled once it returned.
    const doc = await this.channel.send(script, { line: label, timeoutSeconds: Math.ceil(this.tuning.readerWaitMs / 1000) + 60 });
    // Only now are the finished spools as good as removed (a failed send keeps them listed).
    this.finished = this.finished.filter((n) => !removals.includes(n));
    onEvent({ type: 'status', phase: 'sent', commandId: doc.commandId });
    const bytes = { stdout: 0, stderr: 0 };
    const assembler = new OutputAssembler((stream, data) => {
      bytes[stream] += data.length;
      onEvent({ type: 'output', stream, data });
    });
    const context = {
      channel: this.channel,
      sessionId: this.id,
      tuning: this.tuning,
      runComment: this.lastComment,
      onReport: (report: Parameters<typeof withReport>[1]) => (this.state = withReport(this.state, report)),
      onProbe: (probe: Parameters<typeof withProbe>[1]) => {
        this.state = withProbe(this.state, probe);
        this.channel.encoding = probe.encoding;
        this.channel.workers = probe.workers;
      },
    };
    this.channel.onLoad = (load) => onEvent({ type: 'load', ...load });
    const run = new LineRun(context, seq, line, doc, assembler, { ...(options.signal ? { signal: options.signal } : {}), ...(options.killSignal ? { killSignal: options.killSignal } : {}), onEvent });
    const exitCode = await driveLine(run).finally(() => (this.channel.onLoad = undefined));
    if (run.sessionRemoved) this.ended = true;
    else this.finished.push(seq);
    if (first) {
      if (this.state.layers.length === 0) throw new SmshError('remote', 'the session did not start: the instance never printed its probe (see the SSM console)');
      this.started = true;
    }
    if (run.stopped === 'timeout') onEvent({ type: 'notice', message: `smsh: the command ran into its execution timeout (${this.o.executionTimeoutSeconds ?? MAX_TIMEOUT} s) and was stopped` });
    return { exitCode, cancelled: run.cancelled, commandId: doc.commandId, bytes, startedAt, endedAt: Date.now() };
  }
}
