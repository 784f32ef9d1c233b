import { endedWith, type LineReport } from '../../remote/line-report.js';
import type { ProbeFacts } from '../../remote/probe-script.js';
import type { Channel, Doc } from '../channel.js';
import type { SessionEvent } from '../events.js';
import type { OutputAssembler } from '../output-assembler.js';

/** The engine's tuning that the run driver reads; every value has a default in Session. */
export interface EngineTuning {
  /** Longest wait of a reader (and of the run script) on the instance, in ms: the long poll. */
  readerWaitMs: number;
  /** Once a line's first output appeared, how long the run script waits for more or for the end, in ms. */
  runBatchMs: number;
  /** Grace between SIGTERM and SIGKILL when a line is interrupted, in ms. */
  cancelGraceMs: number;
  /** While output flows, keep a second reader in flight half a round trip behind the first (when the agent has room). */
  companionReader: boolean;
  /** Range readers in flight at once when much output is already waiting (the budget caps them too; 1 turns them off). */
  rangeReaders: number;
}

/** What the driver of one line needs from its session. */
export interface RunContext {
  channel: Channel;
  sessionId: string;
  tuning: EngineTuning;
  /** A frame said where the line left the user (cwd, user, home). */
  onReport(report: LineReport): void;
  /** The session's first script printed its probe. */
  onProbe(probe: ProbeFacts): void;
  /** The Comment of the run script, to find its first delivery if a response was lost. */
  runComment: string;
}

/** How the caller follows and stops the line. */
export interface LineControls {
  /** Aborting it interrupts the line: SIGTERM to its process tree, then SIGKILL after the grace. */
  signal?: AbortSignal;
  /** Aborting it kills at once (a second Ctrl+C). */
  killSignal?: AbortSignal;
  onEvent: (event: SessionEvent) => void;
}

/**
 * One line being followed, from its run script's SendCommand to its last byte: the state the
 * driver's parts share (the first wait, the readers, the companion, the range readers, the
 * interrupt). Bytes go through the assembler by offset, so the parts never need to agree on order.
 */
export class LineRun {
  exitCode: number | undefined;
  /** Every byte arrived and the line ended. */
  complete = false;
  cancelled = false;
  killed = false;
  /** One-shot: a frame removed the session after the last byte (nothing left to clean up). */
  sessionRemoved = false;
  /** A retried SendCommand found the line already run and its session removed by the first delivery. */
  gone = false;
  /** The run script was seen final (so CancelCommand would not reach a line waiting in the agent's buffer). */
  runFinal = false;
  /** The keeper's watchdog stopped the line. */
  stopped: 'timeout' | 'hangup' | undefined;
  /** The interrupt said where the spool stood (see interrupt.ts). */
  skipKnown = false;
  companionRunning = false;
  /** Range readers are running: the companion stands aside. */
  ranging = false;
  /** The run frame, when the line ended before readers were needed (its sizes are final). */
  runReport: LineReport | undefined;
  /** When the line last started or printed: the pace of polls follows its silence. */
  activeAt: number;
  cancelAt: number | undefined;
  /** Raw bytes per character of encoded frame data for this output; learned as frames come. */
  readonly density = { large: 3, small: 3 };
  /** Aborted when the line is done: stops waits that only matter while it runs. */
  readonly done = new AbortController();
  private readonly interrupts: Promise<void>[] = [];

  constructor(
    readonly ctx: RunContext,
    readonly seq: number,
    /** The typed line, for the Comments of its readers. */
    readonly line: string,
    readonly doc: Doc,
    readonly out: OutputAssembler,
    readonly controls: LineControls,
  ) {
    this.activeAt = doc.sentAt;
  }

  /** Takes a frame's report: its chunks (learning how densely this output packs), the exit code, the agent's load. */
  accept(report: LineReport): void {
    for (const chunk of report.chunks) {
      const chars = chunk.chars ?? 0;
      // Small chunks pack worse (less for the compressor to work with): learn the two sizes apart.
      if (chars >= 2_000) {
        const d = chars >= 12_000 ? 'large' : 'small';
        this.density[d] = (this.density[d] + chunk.data.length / chars) / 2;
      }
      this.out.accept(chunk);
    }
    if (report.chunks.length > 0) this.activeAt = Date.now();
    if (report.rc !== undefined) this.exitCode = report.rc;
    if (report.stopped) this.stopped = report.stopped;
    this.ctx.channel.noteLoad(report.pool, report.busy);
  }

  /** A report knew the exit code: when every byte up to its sizes arrived, the line is done. */
  endedWith(report: LineReport): boolean {
    if (!endedWith(report, this.out.next)) return false;
    this.ctx.onReport(report);
    this.exitCode = report.rc;
    return true;
  }

  /** Raw bytes expected to fit `budget` characters once compressed and encoded (a little under, so one try fits). */
  rawFor(budget: number): number {
    return Math.max(4096, Math.round(budget * this.density[budget >= 12_000 ? 'large' : 'small'] * 0.96));
  }

  /** Keeps an interrupt in flight, so the line resolves only when nothing of it is left. */
  track(interrupt: Promise<void>): void {
    this.interrupts.push(interrupt);
  }

  /** Waits for every interrupt in flight (the leader can end while the cancel script still kills the rest of its tree). */
  async settled(): Promise<void> {
    while (this.interrupts.length > 0) await this.interrupts.shift();
  }
}
