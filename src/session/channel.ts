import { setTimeout as delay } from 'node:timers/promises';
import { FrameError } from '../remote/frame.js';
import type { PoolView } from '../remote/line-report.js';
import { DEFAULT_AGENT_WORKERS } from '../remote/probe-script.js';
import type { InstanceEncoding } from '../remote/upload-script.js';
import { SmshError } from '../util/smsh-error.js';
import { WorkerBudget } from './budget.js';
import { commentFor } from './comment.js';
import { DEFAULT_PACE, nextRoundTrip, pollDelay, type Pace } from './pace.js';
import { TERMINAL_STATUSES, type Invocation, type SsmPort } from './ssm-port.js';

/** Everything a channel needs, injected so tests build it by hand. */
export interface ChannelOptions {
  port: SsmPort;
  /** Who runs smsh, for every invocation's Comment (`smsh alice@laptop: ls`). */
  clientLabel: string;
  pace?: Pace;
  /** The first guess of one round trip (send → result visible), in ms, until measured. @default 950 */
  initialRoundTripMs?: number;
  /** Documents of this session in flight at once: the most of the agent's workers it can hold. @default 3 */
  budget?: number;
  /** Characters of data a frame may carry (under the 24,000 output cap, with room for the frame). @default 23850 */
  frameBudget?: number;
  random?: () => number;
}

/** One document smsh sent: it holds a budget slot until its invocation is seen finished. */
export interface Doc {
  readonly commandId: string;
  readonly sentAt: number;
  /** Sent outside the budget (an interrupt or the session's end must never wait behind a copy). */
  readonly control: boolean;
}

/** How to send. */
export interface SendSpec {
  /** What the script does for the user: the Comment reads `smsh <who>: [<tag> ]<line>`. */
  line: string;
  tag?: string;
  /** The agent's executionTimeout of this script, in seconds. */
  timeoutSeconds: number;
  /** Outside the budget: interrupts and the end of the session. */
  control?: boolean;
  /** Aborts waiting for a slot (never a SendCommand already on its way: it may have reached AWS). */
  signal?: AbortSignal;
}

/** How to wait. */
export interface WaitSpec {
  signal?: AbortSignal;
  /** The result should be there about one round trip after sending: poll then, and twice quickly after a miss. */
  expectSoon?: boolean;
  /** This wait's first poll teaches the round-trip estimate (run invocations of lines). */
  learnRtt?: boolean;
  /** When the line was last active (started or printed), for the pace of polls during a silence; default: when this document was sent. */
  activeAt?: () => number;
}

/** What smsh knows of the agent's load on the instance. */
export interface InstanceLoad extends PoolView {
  /** The agent's worker limit. */
  workers: number;
  /** A script of ours gave its worker back because others were waiting. */
  busy: boolean;
}

/**
 * The channel: every document a session sends goes through it. It sends a script as
 * AWS-RunShellScript with a Comment naming who and what, takes a slot of the session's worker
 * budget for it and gives it back when the invocation is seen finished, polls at the pace the
 * line's silence calls for, and learns the round trip. It also holds what the session knows once
 * about the instance: the encoding it decodes, its worker limit, how loaded its agent is, and
 * whether range readers may use stderr.
 */
export class Channel {
  /** The one pool: every document waits for a slot here. */
  readonly budget: WorkerBudget;
  readonly frameBudget: number;
  /** What the instance decodes for uploads (from the probe, or a file script's stat). */
  encoding: InstanceEncoding = 'gz64';
  /** The agent's command workers (its configuration's limit, else 5). */
  workers = DEFAULT_AGENT_WORKERS;
  /** The agent's load as the last script saw it. */
  load: InstanceLoad | undefined;
  /** Called when the instance becomes busy or free again (a status line says so). */
  onLoad: ((load: InstanceLoad) => void) | undefined;
  private roundTripMs: number;
  private sideFailures = 0;
  private readonly pace: Pace;
  private readonly random: () => number;

  constructor(private readonly o: ChannelOptions) {
    this.budget = new WorkerBudget(o.budget ?? 3);
    this.frameBudget = o.frameBudget ?? 23_850;
    this.roundTripMs = o.initialRoundTripMs ?? 950;
    this.pace = o.pace ?? DEFAULT_PACE;
    this.random = o.random ?? Math.random;
  }

  /** API calls made so far, by operation. */
  get calls(): Record<string, number> {
    return this.o.port.calls;
  }

  /** The current estimate of one round trip, in ms. */
  get rttMs(): number {
    return this.roundTripMs;
  }

  /** Whether range readers also carry bytes on stderr (on until side frames keep arriving broken). */
  get sideChannel(): boolean {
    return this.sideFailures < 3;
  }

  /** A range reader's side frame did not arrive whole (a service that keeps less stderr than 8,000 bytes?). */
  noteSideFailure(): void {
    this.sideFailures++;
  }

  /** The Comment an invocation gets. */
  comment(line: string, tag?: string): string {
    return commentFor(this.o.clientLabel, line, tag);
  }

  /** Records what a script saw of the agent's pool; tells onLoad when busy turns on or off. */
  noteLoad(pool: PoolView | undefined, busy: boolean): void {
    if (!pool) return;
    const wasBusy = this.load?.busy === true;
    this.load = { ...pool, workers: this.workers, busy: busy || pool.waiting > 0 };
    if (this.load.busy !== wasBusy) this.onLoad?.(this.load);
  }

  /** Whether one more document now would leave a worker free for others (a companion reader asks). */
  roomForOneMore(): boolean {
    if (!this.load) return this.budget.free > 0;
    return !this.load.busy && this.load.running + 1 < this.workers && this.budget.free > 0;
  }

  /** Sends a script: takes a budget slot (control documents do not), then SendCommand. */
  async send(script: string, spec: SendSpec): Promise<Doc> {
    const control = spec.control === true;
    if (!control) await this.budget.acquire(spec.signal);
    try {
      const commandId = await this.o.port.send(script, { comment: this.comment(spec.line, spec.tag), executionTimeoutSeconds: spec.timeoutSeconds });
      return { commandId, sentAt: Date.now(), control };
    } catch (error) {
      if (!control) this.budget.release();
      throw error;
    }
  }

  /**
   * Polls a document until its invocation is final, and gives its slot back. Aborted, it rejects
   * at once but keeps the slot until the invocation is seen final (polled slowly, in the
   * background): the script still runs on the instance and still holds a worker there.
   */
  async wait(doc: Doc, spec: WaitSpec = {}): Promise<Invocation> {
    let settled = false;
    try {
      const inv = await this.poll(doc, spec);
      settled = true;
      return inv;
    } finally {
      if (!settled && !doc.control) void this.drain(doc);
      else if (!doc.control) this.budget.release();
    }
  }

  /** Sends a script and waits for its invocation. */
  async run(script: string, spec: SendSpec & WaitSpec): Promise<Invocation> {
    return this.wait(await this.send(script, spec), spec);
  }

  /**
   * Sends a script, waits, and reads its output with the script's own reader; a missing or broken
   * frame becomes one clear error naming how the invocation ended.
   */
  async runFrame<T>(script: string, read: (stdout: string) => T, spec: SendSpec & WaitSpec): Promise<T> {
    const inv = await this.run(script, spec);
    return readOrExplain(inv, read);
  }

  /** Reads an invocation once (no polling). */
  get(commandId: string): Promise<Invocation> {
    return this.o.port.get(commandId, Date.now());
  }

  /** Asks the agent to kill an invocation (SIGKILL of its script's process group). */
  cancel(commandId: string): Promise<void> {
    return this.o.port.cancel(commandId);
  }

  /** This instance's invocations requested after `since` with this Comment, oldest first. */
  findInvocations(since: number, comment: string): Promise<string[]> {
    return this.o.port.findInvocations(since, comment);
  }

  private async poll(doc: Doc, spec: WaitSpec): Promise<Invocation> {
    const activeAt = spec.activeAt ?? (() => doc.sentAt);
    for (let attempt = 0; ; attempt++) {
      const wait = pollDelay(this.pace, { attempt, expectSoon: spec.expectSoon === true, rttMs: this.roundTripMs, silentMs: Date.now() - activeAt() }, this.random());
      await delay(wait, undefined, spec.signal ? { signal: spec.signal } : {});
      const inv = await this.o.port.get(doc.commandId, doc.sentAt + 60_000, spec.signal);
      const final = TERMINAL_STATUSES.has(inv.status);
      if (attempt === 0 && spec.learnRtt) this.roundTripMs = nextRoundTrip(this.roundTripMs, final);
      if (final) return inv;
    }
  }

  /** An abandoned wait: poll at the cap until the invocation is final (or ten minutes passed), then free the slot. */
  private async drain(doc: Doc): Promise<void> {
    const until = Date.now() + 600_000;
    try {
      while (Date.now() < until) {
        await delay(this.pace.capMs, undefined, { ref: false });
        const inv = await this.o.port.get(doc.commandId, doc.sentAt + 60_000);
        if (TERMINAL_STATUSES.has(inv.status)) break;
      }
    } catch {
      // the endpoint is gone: nothing more to wait for
    } finally {
      this.budget.release();
    }
  }
}

/** Reads an invocation's output with a script's reader, turning a broken frame into one clear error. */
export function readOrExplain<T>(inv: Invocation, read: (stdout: string) => T): T {
  try {
    return read(inv.stdout);
  } catch (error) {
    if (error instanceof FrameError) throw new SmshError('remote', describeBrokenRun(inv));
    throw error;
  }
}

function oneLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Why an invocation has no frame of ours, in words: how it ended and the first line of its stderr. */
export function describeBrokenRun(inv: Invocation): string {
  const err = oneLine(inv.stderr);
  return `the command's invocation ended ${inv.status}${inv.statusDetails ? ` (${inv.statusDetails})` : ''} without smsh's frame${err ? `: ${err}` : ''}`;
}
