// Per-operation call counts, for tests and benchmarks (how many calls did the client make?).

/** Counts every request that named an operation, whatever its outcome. */
export class CallCounter {
  private counts = new Map<string, number>();

  /** Counts one call. */
  count(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  /** A snapshot, keys are operation names. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Forgets every count. */
  reset(): void {
    this.counts.clear();
  }
}
