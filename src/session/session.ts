import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { buildCancelScript } from '../remote/cancel-script.js';
import { buildEndScript, buildUploadPieceScript } from '../remote/end-script.js';
import { decodeWord, parseFrames, type Frame } from '../remote/frame.js';
import { buildReadScript, SIDE_BUDGET } from '../remote/read-script.js';
import { buildRunScript, type Layer } from '../remote/run-script.js';
import { formatBytes } from '../util/format-bytes.js';
import { SmshError } from '../util/smsh-error.js';
import type { RunResult, SessionEvent, SessionPlace } from './events.js';
import { OutputAssembler } from './output-assembler.js';
import { DEFAULT_POLL, nextRoundTrip, pollDelay, type PollSchedule } from './poll-schedule.js';
import { TERMINAL_STATUSES, type Invocation, type SsmPort } from './ssm-port.js';
import { parseUserSwitch } from './user-switch.js';

/** Everything a session needs, injected so tests build it by hand. */
export interface SessionOptions {
  port: SsmPort;
  /** Who runs smsh, for the invocation Comment (`smsh alice@laptop: ls`). */
  clientLabel: string;
  /** executionTimeout of a typed line, in seconds; the maximum by default so `tail -f` lives on. */
  executionTimeoutSeconds?: number;
  /** One-shot mode: the session ends with its first command and cleans up inside it when it can. */
  oneShot?: boolean;
  poll?: PollSchedule;
  /** Long-poll wait of a reader on the instance, in ms. */
  readerWaitMs?: number;
  /** Grace between SIGTERM and SIGKILL when a line is interrupted, in ms. */
  cancelGraceMs?: number;
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
  /**
   * How long a line may take before its output is streamed by readers rather than awaited, in ms:
   * one estimated round trip plus `quickGraceMs`, and at least this.
   */
  quickWindowMs?: number;
  /** See quickWindowMs. */
  quickGraceMs?: number;
  /** While output flows, keep a second reader in flight half a round trip behind the first (lower delay, about twice the calls). */
  companionReader?: boolean;
  /** Range readers run at once when much output is already waiting (1 turns them off). */
  parallelReaders?: number;
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

interface LayerState extends Layer {
  cwd: string;
  home: string;
  /** The layer's user name as the instance reports it. */
  name: string;
}

const MAX_TIMEOUT = 172_800;

/**
 * The engine: runs typed lines on one instance through SendCommand, streams their output, keeps
 * the shell state and the su/sudo stack, and cancels for real. React-free; the Ink shell and the
 * one-shot front end both drive it.
 */
export class Session {
  readonly id = randomBytes(8).toString('hex');
  private seq = 0;
  private started = false;
  private ended = false;
  private host = '';
  private base64 = true;
  private roundTripMs = 700;
  private sideFailures = 0;
  private readonly layers: LayerState[] = [];
  private readonly finished: number[] = [];
  private readonly o: Required<Omit<SessionOptions, 'port' | 'clientLabel'>> & SessionOptions;

  constructor(options: SessionOptions) {
    this.o = {
      executionTimeoutSeconds: MAX_TIMEOUT,
      oneShot: false,
      poll: DEFAULT_POLL,
      readerWaitMs: 120_000,
      cancelGraceMs: 2_000,
      forcePosix: false,
      frameBudget: 23_850,
      // 5 request bytes a byte (octal, JSON-escaped): 30 KB, beside a run script of ~29 KB.
      inlineStdinBytes: 6_000,
      inlineLineBytes: 6_000,
      gcMinutes: 7 * 24 * 60,
      initialRoundTripMs: 950,
      quickWindowMs: 0,
      quickGraceMs: 400,
      parallelReaders: 10,
      companionReader: true,
      random: Math.random,
      ...options,
    };
    this.roundTripMs = this.o.initialRoundTripMs;
  }

  /** Where the session is now: user, home, cwd, host and su depth. */
  place(): SessionPlace {
    const top = this.layers.at(-1);
    return {
      user: top?.name ?? '',
      home: top?.home ?? '',
      cwd: top?.cwd ?? '',
      host: this.host,
      depth: Math.max(0, this.layers.length - 1),
    };
  }

  /** Opens the session: one round trip creates the spool, learns user, host and home, and sets up the base shell. */
  async start(signal?: AbortSignal): Promise<SessionPlace> {
    await this.runLine('', { signal });
    return this.place();
  }

  /**
   * Runs one typed line. `su`, `sudo -i` and friends push a user layer, and `exit` pops one;
   * everything else runs remotely. Resolves when the line has ended and all its output was
   * delivered through onEvent.
   */
  async run(line: string, options: RunOptions = {}): Promise<RunResult> {
    const change = this.started ? parseUserSwitch(line) : null;
    if (change?.action === 'pop' && this.layers.length > 1) {
      this.layers.pop();
      const now = Date.now();
      return { exitCode: change.code ?? 0, cancelled: false, commandId: '', bytes: { stdout: 0, stderr: 0 }, startedAt: now, endedAt: now };
    }
    if (change?.action === 'push') {
      const parent = this.layers.at(-1)!;
      const layer: LayerState = {
        index: this.layers.length,
        user: change.user,
        login: change.login,
        name: change.user,
        cwd: parent.cwd,
        home: '',
      };
      this.layers.push(layer);
      let result: RunResult | undefined;
      try {
        result = await this.runLine('', options, parent, true);
        return result;
      } finally {
        if (result === undefined || result.exitCode !== 0) this.layers.pop();
      }
    }
    return this.runLine(line, options);
  }

  /** Ends the session: removes its directory on the instance (best effort, bounded). */
  async end(): Promise<void> {
    if (this.ended || !this.started) return;
    this.ended = true;
    try {
      const id = await this.o.port.send(buildEndScript(this.id), { comment: this.comment('(end session)'), executionTimeoutSeconds: 30 });
      // Wait (bounded) until it ran: with --local the endpoint stops right after, and a script
      // still pending then would leave the session directory behind.
      await this.waitTerminal(id, AbortSignal.timeout(5_000));
    } catch {
      // The directory is removed by a later session's garbage collection.
    }
  }

  /** True once the session's directory is gone on the instance (one-shot cleanup inside the last command). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** The Comment of the last run script sent, to find its first delivery if a response was lost. */
  lastComment = '';

  private comment(line: string): string {
    const text = `smsh ${this.o.clientLabel}: ${redactForComment(line)}`;
    return text.length > 100 ? `${text.slice(0, 99)}…` : text;
  }

  private async runLine(line: string, options: RunOptions, parent?: LayerState, freshLayer = false): Promise<RunResult> {
    const onEvent = options.onEvent ?? (() => {});
    const first = !this.started;
    const seq = ++this.seq;
    const layer: Layer = this.layers.at(-1) ?? { index: 0, user: null, login: false };
    const startedAt = Date.now();
    const stdin = options.stdin;
    const uploaded = stdin !== undefined && stdin.length > this.o.inlineStdinBytes;
    const lineBytes = Buffer.from(line);
    const lineUploaded = lineBytes.length > this.o.inlineLineBytes;
    try {
      // Interrupting an upload is safe (nothing runs yet): the line ends as cancelled.
      if (uploaded) await this.upload(seq, 'in', stdin, options.signal);
      if (lineUploaded) await this.upload(seq, 'line', lineBytes, options.signal);
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      const now = Date.now();
      return { exitCode: 130, cancelled: true, commandId: '', bytes: { stdout: 0, stderr: 0 }, startedAt, endedAt: now };
    }
    const script = buildRunScript({
      sessionId: this.id,
      seq,
      line: lineUploaded ? Buffer.alloc(0) : lineBytes,
      lineUploaded,
      layer,
      ...(parent ? { parent } : {}),
      ...(stdin !== undefined && !uploaded ? { stdinInline: stdin } : {}),
      stdinUploaded: uploaded,
      // The first command's output also holds the probe's frame (~300 characters).
      inlineBudget: this.o.frameBudget - (first ? 1_000 : 0),
      maxChunk: 262_144,
      ...(first ? { createSession: { gcMinutes: this.o.gcMinutes } } : {}),
      endSessionWhenDone: this.o.oneShot,
      removeSeqs: this.finished.splice(0),
      freshLayer,
      forcePosix: this.o.forcePosix,
    });
    this.lastComment = this.comment(first && line === '' ? '(start session)' : line);
    // Not abortable: a SendCommand cut short may still have reached AWS, and a line that runs
    // untracked could not be stopped. An interrupt during the send is handled once it returned
    // (the tracker sees the aborted signal; a line not started yet is told not to start).
    const commandId = await this.o.port.send(script, {
      comment: this.lastComment,
      executionTimeoutSeconds: this.o.executionTimeoutSeconds,
    });
    onEvent({ type: 'status', phase: 'sent', commandId });
    const bytes = { stdout: 0, stderr: 0 };
    const assembler = new OutputAssembler((stream, data) => {
      bytes[stream] += data.length;
      onEvent({ type: 'output', stream, data });
    });
    const run = new RunTracker(this, seq, commandId, assembler, options, onEvent);
    const exitCode = await run.wait(Date.now());
    if (first && this.layers.length === 0) {
      // The line was streamed, so the probe's facts (user, home, host) were never read: they are
      // in the run invocation's own output, which is final once the line has ended.
      const inv = await this.waitTerminal(commandId);
      for (const frame of parseFrames(inv.stdout)) this.applyFrame(frame);
    }
    if (run.sessionRemoved) this.ended = true;
    else this.finished.push(seq);
    if (first) this.started = true;
    return { exitCode, cancelled: run.cancelled, commandId, bytes, startedAt, endedAt: Date.now() };
  }

  /** Applies what a finished frame says about the session: probe facts, the new cwd, the user and home. */
  applyFrame(frame: Frame): void {
    const v = frame.values;
    if (frame.kind === 'probe') {
      this.host = v.get('host') ?? this.host;
      this.base64 = (v.get('enc') ?? 'gz64') !== 'hex';
      if (this.layers.length === 0) {
        this.layers.push({ index: 0, user: null, login: false, name: v.get('user') ?? '', cwd: '', home: '' });
      }
      return;
    }
    const top = this.layers.at(-1);
    if (!top) return;
    const cwd = v.get('cwd');
    const cwdText = cwd === undefined ? '' : decodeWord(cwd).toString();
    if (cwdText !== '') top.cwd = cwdText;
    const home = v.get('home');
    if (home !== undefined) top.home = decodeWord(home).toString();
    const user = v.get('user');
    if (user !== undefined) top.name = user;
  }

  /** Internal: the engine's tuning, for the run tracker. */
  get tuning() {
    return this.o;
  }

  /** Internal: the current estimate of one round trip, in ms. */
  get rttMs(): number {
    return this.roundTripMs;
  }

  /** Internal: a first poll found its invocation finished (hit) or not (miss); see nextRoundTrip. */
  notePoll(hit: boolean): void {
    this.roundTripMs = nextRoundTrip(this.roundTripMs, hit);
  }

  private async upload(seq: number, kind: 'in' | 'line', data: Buffer, signal?: AbortSignal): Promise<void> {
    const piece = this.base64 ? 30_000 : 10_000;
    const pieces: Buffer[] = [];
    for (let at = 0; at < data.length; at += piece) pieces.push(data.subarray(at, at + piece));
    let next = 0;
    // Pieces are separate files, so they can travel in parallel; each is confirmed before the run.
    const worker = async () => {
      while (next < pieces.length) {
        const index = next++;
        const script = buildUploadPieceScript(this.id, seq, kind, index, pieces[index]!, this.base64);
        const id = await this.o.port.send(script, { comment: this.comment(kind === 'in' ? '(stdin)' : '(long line)'), executionTimeoutSeconds: 60, ...(signal ? { signal } : {}) });
        const inv = await this.waitTerminal(id, signal);
        if (inv.status !== 'Success' || !inv.stdout.includes('SMSH1 piece')) {
          throw new SmshError('remote', `could not upload the ${kind === 'in' ? 'stdin' : 'command line'}: ${inv.statusDetails} ${oneLine(inv.stderr)}`.trim());
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.parallelReaders, pieces.length) }, worker));
  }

  /**
   * Polls one invocation until it is terminal, with the session's backoff. `idle` says nothing is
   * expected soon (a reader following one that waited in vain): poll at the cap from the start.
   */
  async waitTerminal(commandId: string, signal?: AbortSignal, idle = false): Promise<Invocation> {
    const sentAt = Date.now();
    const capAttempt = Math.ceil(Math.log(this.o.poll.capMs / this.o.poll.firstMs) / Math.log(this.o.poll.factor));
    let wait = idle ? this.o.poll.capMs : this.roundTripMs;
    for (let attempt = idle ? capAttempt : 0; ; attempt++) {
      await delay(wait, undefined, signal ? { signal } : {});
      const inv = await this.o.port.get(commandId, sentAt + 60_000, signal);
      if (TERMINAL_STATUSES.has(inv.status)) return inv;
      // Just past the expected moment the result is usually close: look again twice, soon. Still
      // not done means the invocation is waiting (a reader's long poll): poll at the cap.
      wait = !idle && attempt < 2 ? 100 : pollDelay(this.o.poll, capAttempt, this.o.random());
    }
  }

  /** Internal: whether range readers also use stderr (on until side frames keep arriving broken). */
  get sideChannel(): boolean {
    return this.sideFailures < 3;
  }

  /** Internal: a range reader's side frame did not arrive whole (a service that keeps less stderr than 8,000 bytes?). */
  noteSideFailure(): void {
    this.sideFailures++;
  }

  /** Internal: sends a script and returns its id (used by the tracker for readers and cancels). */
  send(script: string, comment: string, timeoutSeconds: number): Promise<string> {
    return this.o.port.send(script, { comment: this.comment(comment), executionTimeoutSeconds: timeoutSeconds });
  }

  /** Internal: the port, for the tracker. */
  get ssm(): SsmPort {
    return this.o.port;
  }
}

/**
 * Follows one line from SendCommand to its last byte: polls the run invocation while it may
 * finish quickly, then switches to readers (long polls on the instance) that stream the spool
 * by offset; interrupts send TERM, then KILL and CancelCommand.
 */
class RunTracker {
  complete = false;
  cancelled = false;
  private exitCode: number | undefined;
  private killed = false;
  /** The one-shot run frame removed the session (all output fit): nothing to clean up. */
  sessionRemoved = false;
  /** A repeated delivery found the session already finished by the first. */
  private gone = false;
  private sentAt = Date.now();
  /** The interrupt's cancel script told where the spool stood at the interrupt (see skipInterrupted). */
  private skipKnown = false;
  /** A companion reader is in flight or waiting to start (see companion()). */
  private companionRunning = false;
  /** Range readers are running: the companion stands aside. */
  private ranging = false;
  /** The run invocation's own frame, when the line ended before streaming began (its sizes are final). */
  private runFrame: Frame | undefined;
  /** Raw bytes per character of encoded frame data for this output; learned as frames come. */
  private readonly density = { large: 3, small: 3 };
  private cancelAt: number | undefined;
  private readonly internal = new AbortController();

  constructor(
    private readonly session: Session,
    private readonly seq: number,
    private readonly commandId: string,
    private readonly out: OutputAssembler,
    private readonly options: RunOptions,
    private readonly onEvent: (event: SessionEvent) => void,
  ) {}

  async wait(sentAt: number): Promise<number> {
    this.sentAt = sentAt;
    const { signal, killSignal } = this.options;
    const onCancel = () => this.track(this.interrupt('term'));
    const onKill = () => this.track(this.interrupt('kill'));
    if (signal?.aborted) onCancel();
    else signal?.addEventListener('abort', onCancel, { once: true });
    if (killSignal?.aborted) onKill();
    else killSignal?.addEventListener('abort', onKill, { once: true });
    try {
      const quick = await this.pollRun(sentAt);
      if (quick === 'done') return (await this.settled(), this.exitCode ?? 0);
      this.onEvent({ type: 'status', phase: 'streaming', commandId: this.commandId });
      await this.stream();
      await this.settled();
      return this.exitCode ?? 137;
    } finally {
      signal?.removeEventListener('abort', onCancel);
      killSignal?.removeEventListener('abort', onKill);
    }
  }

  /**
   * Polls the run invocation itself while a short line would still be finishing (a round trip
   * plus a grace, see quickWindowMs): short lines end here, in one SendCommand; a line still
   * running then is streamed by readers, so its first output is not held back.
   */
  private async pollRun(sentAt: number): Promise<'done' | 'stream'> {
    const t = this.session.tuning;
    const window = Math.max(this.session.rttMs + t.quickGraceMs, t.quickWindowMs);
    let wait = this.session.rttMs;
    for (let attempt = 0; ; attempt++) {
      await delay(wait);
      const inv = await this.session.ssm.get(this.commandId, sentAt + 60_000);
      if (TERMINAL_STATUSES.has(inv.status)) {
        this.session.notePoll(attempt === 0);
        return this.takeRunOutput(inv);
      }
      if (inv.status === 'InProgress') this.onEvent({ type: 'status', phase: 'running', commandId: this.commandId });
      if (Date.now() - sentAt >= window || this.cancelled) return 'stream';
      // Right after a miss the result is usually moments away: look again soon, then back off.
      wait = attempt < 2 ? 100 : pollDelay(t.poll, attempt - 2, t.random());
    }
  }

  private takeRunOutput(inv: Invocation): 'done' | 'stream' {
    let frames: Frame[];
    try {
      frames = parseFrames(inv.stdout);
    } catch {
      throw new SmshError('remote', describeBrokenRun(inv));
    }
    for (const frame of frames) {
      if (frame.kind === 'nosession') throw new SmshError('remote', 'the session directory on the instance is gone (instance rebooted or cleaned up)');
      if (frame.kind === 'nouser') {
        // su's own failure: the line fails with su's message, as it would in a shell.
        this.onEvent({ type: 'output', stream: 'stderr', data: Buffer.from(`${oneLine(inv.stderr) || 'su: cannot switch user'}\n`) });
        this.exitCode = 1;
        this.complete = true;
        return 'done';
      }
      if (frame.kind === 'gone') this.gone = true;
      if (frame.kind === 'dup' || frame.kind === 'gone') return 'stream';
      this.session.applyFrame(frame);
      if (frame.kind === 'run') {
        this.acceptChunks(frame);
        this.runFrame = frame;
        this.exitCode = Number(frame.values.get('rc') ?? inv.responseCode);
        if (frame.values.get('ended') === '1') this.sessionRemoved = true;
        if (frame.values.get('complete') === '1') {
          this.complete = true;
          return 'done';
        }
        return 'stream';
      }
    }
    return 'stream';
  }

  /** Reads the spool with readers until the command has ended and every byte arrived. */
  private async stream(): Promise<void> {
    if (this.gone) return this.recoverFromOriginal();
    if (this.runFrame) {
      // The line ended with more output than its frame held: read the rest by ranges at once.
      const ended = await this.fetchRanges(sizesOf(this.runFrame).stdout, this.runFrame);
      if (ended && this.endedWith(ended)) return;
    }
    const companionStop = new AbortController();
    try {
      await this.mainReaders(companionStop.signal);
    } finally {
      companionStop.abort();
    }
  }

  /** The main lane of stream(): one reader after another (long polls while nothing happens). */
  private async mainReaders(companionStop: AbortSignal): Promise<void> {
    const t = this.session.tuning;
    let idle = false;
    for (;;) {
      const waitTenths = this.exitCode !== undefined ? 0 : Math.round(t.readerWaitMs / 100);
      const script = buildReadScript({
        sessionId: this.session.id,
        seq: this.seq,
        stdoutOffset: this.out.next.stdout,
        stderrOffset: this.out.next.stderr,
        waitTenths,
        budget: t.frameBudget,
        maxChunk: this.rawFor(t.frameBudget),
      });
      const readerSentAt = Date.now();
      const readerId = await this.session.send(script, '(read)', Math.ceil(t.readerWaitMs / 1000) + 60);
      const inv = await this.session.waitTerminal(readerId, undefined, idle);
      let frame: Frame;
      try {
        frame = parseFrames(inv.stdout)[0]!;
      } catch {
        throw new SmshError('remote', describeBrokenRun(inv));
      }
      if (frame.kind === 'nosession' || frame.kind === 'nocmd') {
        // The spool is not there: the run script has not started yet (keep waiting), or it ended
        // without one (say why, never loop).
        const run = await this.session.ssm.get(this.commandId, Date.now());
        if (!TERMINAL_STATUSES.has(run.status)) continue;
        if (this.takeRunOutput(run) === 'done') return;
        if (this.gone) return this.recoverFromOriginal();
        throw new SmshError('remote', `the command's spool on the instance is gone (${frame.kind}); ${describeBrokenRun(run)}`);
      }
      this.session.applyFrame(frame);
      this.acceptChunks(frame);
      const rc = frame.values.get('rc');
      if (rc !== undefined) this.exitCode = Number(rc);
      idle = frame.chunks.length === 0 && rc === undefined;
      if (frame.values.get('complete') === '1') {
        this.complete = true;
        return;
      }
      if (rc !== undefined && this.endedWith(frame)) return;
      if (frame.values.get('orphan') === '1') {
        const run = await this.session.ssm.get(this.commandId, Date.now());
        this.exitCode = run.responseCode >= 0 ? run.responseCode : 137;
        return;
      }
      if (this.cancelAt !== undefined && Date.now() - this.cancelAt > this.session.tuning.cancelGraceMs + 10_000) {
        void this.interrupt('kill');
      }
      if (!idle && t.companionReader && !this.companionRunning) {
        // Output is flowing: a second reader half a round trip behind this lane halves the time a
        // new line waits for the next look at the spool.
        this.companionRunning = true;
        void this.companion(Math.min((Date.now() - readerSentAt) / 2, 1_500), companionStop).finally(() => {
          this.companionRunning = false;
        });
      }
      const ended = await this.fetchRanges(sizesOf(frame).stdout);
      if (ended && this.endedWith(ended)) return;
    }
  }

  /**
   * The companion lane: while output flows, short readers (at most 1 s on the instance) staggered
   * against the main lane, so the spool is looked at twice per round trip. Both lanes read from
   * the delivered offsets and the assembler drops what the other brought already. It only ever
   * adds bytes: the main lane alone decides when the line has ended. It stops when a reader finds
   * nothing (the main lane's long poll takes over), when the line ends, and while range readers
   * run; any error just stops it.
   */
  private async companion(startAfterMs: number, stop: AbortSignal): Promise<void> {
    const t = this.session.tuning;
    try {
      await delay(startAfterMs, undefined, { signal: stop });
      while (!stop.aborted && this.exitCode === undefined && !this.ranging) {
        const script = buildReadScript({
          sessionId: this.session.id,
          seq: this.seq,
          stdoutOffset: this.out.next.stdout,
          stderrOffset: this.out.next.stderr,
          waitTenths: 10,
          budget: t.frameBudget,
          maxChunk: this.rawFor(t.frameBudget),
        });
        const id = await this.session.send(script, '(read)', 70);
        const frame = parseFrames((await this.session.waitTerminal(id, stop)).stdout)[0];
        if (stop.aborted || frame?.kind !== 'read') return;
        this.acceptChunks(frame);
        if (frame.chunks.length === 0 || frame.values.has('rc')) return;
      }
    } catch {
      // aborted, or a broken frame: the main lane carries on alone
    }
  }

  /** A frame knew the exit code: when every byte up to its sizes arrived, the line is done (no further reader needed). */
  private endedWith(frame: Frame): boolean {
    const size = sizesOf(frame);
    if (this.out.next.stdout < size.stdout || this.out.next.stderr < size.stderr) return false;
    this.session.applyFrame(frame);
    this.exitCode = Number(frame.values.get('rc'));
    return true;
  }

  /** Takes a frame's chunks, learning from the sizeable ones how densely this output packs. */
  private acceptChunks(frame: Frame): void {
    for (const chunk of frame.chunks) {
      const chars = chunk.chars ?? 0;
      // Small chunks pack worse (less for the compressor to work with): learn the two sizes apart.
      if (chars >= 2_000) {
        const d = chars >= 12_000 ? 'large' : 'small';
        this.density[d] = (this.density[d] + chunk.data.length / chars) / 2;
      }
      this.out.accept(chunk);
    }
  }

  /** Raw bytes expected to fit `budget` characters once compressed and encoded (a little under, so one try fits). */
  private rawFor(budget: number): number {
    return Math.max(4096, Math.round(budget * this.density[budget >= 12_000 ? 'large' : 'small'] * 0.96));
  }

  /**
   * When more stdout is already spooled than one frame carries, reads it with a pipeline of range
   * readers: `parallelReaders` stay in flight, each taking the next unread range as soon as its
   * last one arrived, so throughput grows with the readers instead of being one frame per round
   * trip. A range travels in the reader's stdout frame plus a side frame on its stderr (the
   * agent keeps 8,000 bytes of stderr too); whatever a reader did not bring back (a frame cut
   * short, a chunk shrunk to fit) is read again as a gap. Bytes are placed by offset, so order
   * of arrival does not matter. Returns the last range frame that knew the exit code, if any.
   */
  private async fetchRanges(sizeOut: number, endedFrame?: Frame): Promise<Frame | undefined> {
    const t = this.session.tuning;
    if (t.parallelReaders <= 1) return undefined;
    let known = sizeOut;
    let cursor = this.out.next.stdout;
    let ended = endedFrame;
    let stop = false;
    const gaps: [number, number][] = [];
    const next = (): [number, number] | undefined => {
      // Interrupted: no more reading ahead until the cancel says where the line was stopped.
      if (this.cancelled && !this.skipKnown) return undefined;
      cursor = Math.max(cursor, this.out.next.stdout);
      let gap = gaps.shift();
      while (gap && gap[1] <= this.out.next.stdout) gap = gaps.shift();
      if (gap) return gap;
      const span = this.rawFor(t.frameBudget) + (this.session.sideChannel ? this.rawFor(SIDE_BUDGET) : 0);
      const pending = known - cursor;
      // While the command runs, a small remainder is left to the long-polling reader.
      if (pending <= 0 || (ended === undefined && pending < span)) return undefined;
      const range: [number, number] = [cursor, Math.min(known, cursor + span)];
      cursor = range[1];
      return range;
    };
    const worker = async (): Promise<void> => {
      for (let range = next(); range && !stop; range = next()) {
        const [start, end] = range;
        const main = Math.min(end - start, this.rawFor(t.frameBudget));
        const side = this.session.sideChannel && end - start > main ? { bytes: end - start - main, budget: SIDE_BUDGET } : undefined;
        const script = buildReadScript({
          sessionId: this.session.id,
          seq: this.seq,
          stdoutOffset: start,
          stderrOffset: 0,
          waitTenths: 0,
          budget: t.frameBudget,
          maxChunk: main,
          rangeOnly: true,
          ...(side ? { side } : {}),
        });
        let inv: Invocation;
        try {
          const id = await this.session.send(script, '(read range)', 60);
          inv = await this.session.waitTerminal(id);
        } catch (error) {
          stop = true;
          throw error;
        }
        let frame: Frame | undefined;
        try {
          frame = parseFrames(inv.stdout)[0];
        } catch {
          frame = undefined; // a broken range is read again as a gap
        }
        if (frame?.kind !== 'read') {
          gaps.push([start, end]);
          if (frame !== undefined) stop = true; // the spool is not there: the main reader says why
          continue;
        }
        let reached = start;
        const take = (f: Frame) => {
          this.acceptChunks(f);
          for (const c of f.chunks) if (c.offset <= reached) reached = Math.max(reached, c.offset + c.data.length);
        };
        take(frame);
        if (side && reached > start && reached < end) {
          const sideFrame = sideFrameOf(inv.stderr);
          if (sideFrame) take(sideFrame);
          else this.session.noteSideFailure();
        }
        if (reached < end) gaps.push([reached, end]);
        known = Math.max(known, sizesOf(frame).stdout);
        if (frame.values.has('rc')) ended = frame;
      }
    };
    this.ranging = true;
    try {
      await Promise.all(Array.from({ length: t.parallelReaders }, worker));
    } finally {
      this.ranging = false;
    }
    return ended;
  }

  /**
   * A retried SendCommand found the line already run and its session removed (one-shot mode):
   * the output is in the first delivery's invocation, whose id the lost response never told us.
   * Find it among this instance's recent invocations by its Comment, and take its frame.
   */
  private async recoverFromOriginal(): Promise<void> {
    const ids = await this.session.ssm.findInvocations(this.sentAt - 60_000, this.session.lastComment);
    for (const id of ids) {
      if (id === this.commandId) continue;
      const inv = await this.session.waitTerminal(id);
      this.gone = false;
      if (this.takeRunOutput(inv) === 'done') return;
    }
    throw new SmshError('remote', 'the command ran, but its output was lost with a SendCommand response; see the SSM console');
  }

  /** Interrupts the line from a second invocation: TERM then KILL on the instance, and CancelCommand if it lingers. */
  /** Interrupts in flight: the line's leader can end (and its output be complete) while the cancel script is still killing the rest of its tree. */
  private readonly interrupts: Promise<void>[] = [];

  private track(p: Promise<void>): void {
    this.interrupts.push(p);
  }

  /** Waits for in-flight interrupts, so a cancelled line resolves only when nothing of it is left. */
  private async settled(): Promise<void> {
    while (this.interrupts.length > 0) await this.interrupts.shift();
  }

  /**
   * What was spooled before the interrupt is not shown any more (a terminal flushes its output
   * queue on ^C too): without this, Ctrl+C on a `cat` of a big file would go on printing for
   * minutes. What the line prints while it stops (a trap's message) still shows.
   */
  private skipInterrupted(cancelOutput: string): void {
    const at = /\nat (\d+) (\d+)\n/.exec(cancelOutput);
    this.skipKnown = true;
    if (!at) return;
    const skipped = this.out.skipTo('stdout', Number(at[1])) + this.out.skipTo('stderr', Number(at[2]));
    if (skipped > 0) this.onEvent({ type: 'notice', message: `smsh: skipped ${formatBytes(skipped)} of output written before the interrupt` });
  }

  private async interrupt(mode: 'term' | 'kill'): Promise<void> {
    if (mode === 'term' && (this.cancelled || this.killed)) return;
    if (mode === 'kill' && this.killed) return;
    this.cancelled = true;
    this.cancelAt ??= Date.now();
    if (mode === 'kill') this.killed = true;
    this.onEvent({ type: 'status', phase: mode === 'kill' ? 'killing' : 'cancelling', commandId: this.commandId });
    const t = this.session.tuning;
    try {
      const script = buildCancelScript({ sessionId: this.session.id, seq: this.seq, mode, graceTenths: Math.round(t.cancelGraceMs / 100) });
      const id = await this.session.send(script, `(${mode === 'kill' ? 'kill' : 'interrupt'})`, 120);
      const inv = await this.session.waitTerminal(id, this.internal.signal);
      this.skipInterrupted(inv.stdout);
      const stopped = /\n(left 0|state (precancel|done))\n/.test(inv.stdout);
      if (mode === 'kill' || !stopped) await this.session.ssm.cancel(this.commandId).catch(() => {});
    } catch (error) {
      this.onEvent({ type: 'notice', message: `smsh: could not interrupt the command: ${(error as Error).message}` });
    }
  }
}

/** The spool sizes a frame reports (`size <stdout> <stderr>`), 0 when absent. */
function sizesOf(frame: Frame): { stdout: number; stderr: number } {
  const [stdout, stderr] = (frame.values.get('size') ?? '').split(' ').map((n) => Number(n) || 0);
  return { stdout: stdout ?? 0, stderr: stderr ?? 0 };
}

/** The side frame a range reader printed on stderr, when it arrived whole. */
function sideFrameOf(stderr: string): Frame | undefined {
  try {
    return parseFrames(stderr).find((f) => f.kind === 'side');
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function describeBrokenRun(inv: Invocation): string {
  const err = oneLine(inv.stderr);
  return `the command's invocation ended ${inv.status}${inv.statusDetails ? ` (${inv.statusDetails})` : ''} without smsh's frame${err ? `: ${err}` : ''}`;
}

/**
 * The start of a line as it goes into the invocation's Comment, which CloudTrail and ListCommands
 * show to others: values of variables named like secrets, `-p<password>` and `--password=…` are
 * masked, and a line typed with a leading space (as for shell history) is not shown at all.
 */
export function redactForComment(line: string): string {
  if (/^\s/.test(line) && line.trim() !== '') return '(hidden)';
  return line
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b([A-Za-z_]*(?:PASS|PWD|TOKEN|SECRET|KEY|CRED)[A-Za-z_]*)=(?:'[^']*'|"[^"]*"|[^\s;&|]+)/gi, '$1=***')
    .replace(/(\s-p)(?=\S)\S+/g, '$1***')
    .replace(/(--(?:password|passwd|token|secret)[= ])\S+/gi, '$1***');
}
