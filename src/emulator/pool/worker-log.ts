// A bounded log of every document that reached an instance's message loop, so a benchmark can
// tell how many workers each client (by its Comment prefix) held at its peak.

/** One document's passage through the pool. Times are epoch ms. */
export interface WorkerLogEntry {
  commandId: string;
  instanceId: string;
  /** The command's Comment ('' when none): how benchmarks tell clients apart. */
  comment: string;
  /** When its message reached the instance's message loop (after the delivery delay). */
  deliveredAt: number;
  /** When it went into the buffer (InProgress, no worker yet); absent if a worker took it at once. */
  bufferedAt?: number;
  /** When a worker took it (the script starts). */
  startedAt?: number;
  /** When its worker freed, or when it left the buffer cancelled. */
  endedAt?: number;
  /** Set when a cancel reached it in the buffer or while running. */
  cancelled?: boolean;
}

/** How many entries are kept (the newest). */
export const WORKER_LOG_LIMIT = 10_000;

/** Keeps the newest WORKER_LOG_LIMIT entries; entries are updated in place as the document moves. */
export class WorkerLog {
  private entries: WorkerLogEntry[] = [];

  constructor(private readonly limit = WORKER_LOG_LIMIT) {}

  /** Starts the entry of a document that just reached the loop; the caller updates it later. */
  open(entry: WorkerLogEntry): WorkerLogEntry {
    this.entries.push(entry);
    // Trim in batches so each push stays O(1) amortised.
    if (this.entries.length >= 2 * this.limit) this.entries = this.entries.slice(-this.limit);
    return entry;
  }

  /** Copies of the newest `limit` entries, oldest first. */
  snapshot(): WorkerLogEntry[] {
    return this.entries.slice(-this.limit).map((entry) => ({ ...entry }));
  }
}
