/**
 * The worker budget: how many of a session's documents may be in flight at once (sent and not
 * yet seen finished). Every document smsh sends takes a slot first and gives it back once its
 * invocation is seen finished, so a session can never hold more of the agent's five workers than
 * this, whatever its readers, uploads and copies want. The one pool of the engine: range readers,
 * upload pieces and file ranges are simply tasks that wait for a slot here.
 */
export class WorkerBudget {
  private used = 0;
  private peak = 0;
  private readonly waiters: { resolve: () => void; reject: (error: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`a worker budget needs at least one slot, got ${slots}`);
  }

  /** Slots in all. */
  get size(): number {
    return this.slots;
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.used;
  }

  /** The most slots ever taken at once (for benches and tests). */
  get peakInUse(): number {
    return this.peak;
  }

  /** Slots free now. */
  get free(): number {
    return this.slots - this.used;
  }

  /** Takes a slot, waiting in line for one; rejects (taking none) if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.used < this.slots && this.waiters.length === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, ...(signal ? { signal } : {}) };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Gives a slot back; the first waiter in line gets it. */
  release(): void {
    if (this.used === 0) throw new Error('released a worker slot that was not taken');
    this.used--;
    const next = this.waiters.shift();
    if (next) {
      if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
      this.take();
      next.resolve();
    }
  }

  private take(): void {
    this.used++;
    this.peak = Math.max(this.peak, this.used);
  }
}
