// One instance's message loop and command worker pool, as amazon-ssm-agent has them:
// - mdsinteractor.processMessage handles messages one after another (FIFO). A run message is
//   Submit()ted to the processor; on ProcessorBufferFull the loop sleeps (10 s) and submits again,
//   holding back every later message, deliveries and cancels alike.
// - processor/task pool: CommandWorkersLimit workers (5) run documents; CommandWorkerBufferLimit
//   (5) more wait in the buffer, acknowledged (InProgress) but not started.
// Generic over the document type so it knows nothing about scripts; the agent supplies hooks.

/** Sizes of the pool and the loop's nap, read afresh at every decision (configure() changes them). */
export interface PoolLimits {
  /** Mds.CommandWorkersLimit: documents running at once. */
  workers: number;
  /** Mds.CommandWorkerBufferLimit: documents submitted but waiting for a worker. */
  buffer: number;
  /** How long the message loop sleeps when the buffer is full (the agent: 10 s). */
  napMs: number;
}

/** What the pool asks of its owner. */
export interface PoolHooks<D> {
  limits(): PoolLimits;
  /** Submit succeeded: the document is acknowledged (InProgress); persist its pending/ state. */
  submitted(doc: D): void;
  /** The document went into the buffer (no worker free). */
  buffered(doc: D): void;
  /** A worker took the document; the promise settles when it ended and the worker is free again. */
  run(doc: D): Promise<void>;
  /** A cancel reached a buffered document: the pool already removed it from the buffer. */
  cancelBuffered(doc: D): void;
  /** A cancel reached a running document: kill it (the worker frees when run() settles). */
  cancelRunning(doc: D): void;
}

/** Occupancy of one instance's pool, with peaks since start or the last reset. */
export interface PoolStats {
  workers: number;
  buffer: number;
  /** Documents holding a worker. */
  busy: number;
  /** Documents submitted, waiting in the buffer for a worker. */
  buffered: number;
  /** Run messages held in the message loop (not submitted yet: status Pending). */
  waiting: number;
  peakBusy: number;
  peakBuffered: number;
  peakWaiting: number;
}

type Message<D> = { kind: 'run'; doc: D } | { kind: 'cancel'; doc: D };

/**
 * One instance's loop and pool. Invariant: a worker is idle only when the buffer is empty, since
 * every freed worker and every raised limit drains the buffer first (oldest first).
 */
export class InstancePool<D> {
  private readonly queue: Message<D>[] = [];
  private readonly buffer: D[] = [];
  private readonly running = new Set<D>();
  private waiting = 0;
  private nap: NodeJS.Timeout | undefined;
  private stopped = false;
  private peaks = { busy: 0, buffered: 0, waiting: 0 };

  constructor(private readonly hooks: PoolHooks<D>) {}

  /** A run message reached the instance (after the delivery delay). */
  deliver(doc: D): void {
    if (this.stopped) return;
    this.queue.push({ kind: 'run', doc });
    this.waiting++;
    this.pump();
    // After the loop had its go: a message submitted at once never counts as waiting.
    this.notePeaks();
  }

  /** A cancel message reached the instance; it waits its turn in the same loop. */
  cancel(doc: D): void {
    if (this.stopped) return;
    this.queue.push({ kind: 'cancel', doc });
    this.pump();
  }

  /** configure() changed the limits: more workers start buffered documents at once; fewer never kill. */
  limitsChanged(): void {
    this.fillWorkers();
  }

  /** Current occupancy and peaks. */
  stats(): PoolStats {
    const { workers, buffer } = this.hooks.limits();
    return {
      workers,
      buffer,
      busy: this.running.size,
      buffered: this.buffer.length,
      waiting: this.waiting,
      peakBusy: this.peaks.busy,
      peakBuffered: this.peaks.buffered,
      peakWaiting: this.peaks.waiting,
    };
  }

  /** Peaks restart from the current values (POST /_smsh/calls/reset). */
  resetPeaks(): void {
    this.peaks = { busy: this.running.size, buffered: this.buffer.length, waiting: this.waiting };
  }

  /** Shutdown: no nap, no message, no start any more; running documents are the owner's to kill. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.nap);
    this.nap = undefined;
    this.queue.length = 0;
    this.buffer.length = 0;
    this.waiting = 0;
  }

  /** The message loop: handles the head until the queue is empty or it must nap. */
  private pump(): void {
    while (!this.nap && !this.stopped) {
      const head = this.queue[0];
      if (!head) return;
      if (head.kind === 'cancel') {
        this.queue.shift();
        this.applyCancel(head.doc);
        continue;
      }
      const { workers, buffer, napMs } = this.hooks.limits();
      const workerFree = this.running.size < workers;
      if (!workerFree && this.buffer.length >= buffer) {
        // ProcessorBufferFull: sleep, then submit the same message again.
        this.nap = setTimeout(() => {
          this.nap = undefined;
          this.pump();
        }, napMs);
        this.notePeaks();
        return;
      }
      this.queue.shift();
      this.waiting--;
      this.hooks.submitted(head.doc);
      if (workerFree) this.startWorker(head.doc);
      else {
        this.buffer.push(head.doc);
        this.hooks.buffered(head.doc);
        this.notePeaks();
      }
    }
  }

  private applyCancel(doc: D): void {
    const index = this.buffer.indexOf(doc);
    if (index >= 0) {
      this.buffer.splice(index, 1);
      this.hooks.cancelBuffered(doc);
    } else if (this.running.has(doc)) {
      this.hooks.cancelRunning(doc);
    }
    // Otherwise it already finished: the agent's cancel finds no job, nothing happens.
  }

  /** Starts the oldest buffered documents while workers are free. */
  private fillWorkers(): void {
    while (!this.stopped && this.buffer.length > 0 && this.running.size < this.hooks.limits().workers) {
      this.startWorker(this.buffer.shift() as D);
    }
  }

  private startWorker(doc: D): void {
    this.running.add(doc);
    this.notePeaks();
    const release = (): void => {
      this.running.delete(doc);
      this.fillWorkers();
    };
    this.hooks.run(doc).then(release, release);
  }

  private notePeaks(): void {
    this.peaks.busy = Math.max(this.peaks.busy, this.running.size);
    this.peaks.buffered = Math.max(this.peaks.buffered, this.buffer.length);
    this.peaks.waiting = Math.max(this.peaks.waiting, this.waiting);
  }
}
