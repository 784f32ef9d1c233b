import type { Chunk } from '../remote/frame.js';

/**
 * Turns chunks addressed by byte offset into an in-order byte stream per stream. A chunk that
 * overlaps what was delivered is trimmed, one ahead of the stream waits for the gap to fill:
 * retries and duplicate frames can never lose or repeat a byte.
 */
export class OutputAssembler {
  readonly next = { stdout: 0, stderr: 0 };
  private readonly pending = { stdout: new Map<number, Buffer>(), stderr: new Map<number, Buffer>() };

  constructor(private readonly deliver: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

  /** Accepts one chunk; delivers whatever became contiguous. */
  accept(chunk: Chunk): void {
    this.pending[chunk.stream].set(chunk.offset, chunk.data);
    this.drain(chunk.stream);
  }

  /**
   * Gives up on the bytes before `offset` (output the user interrupted): they are never
   * delivered, chunks holding them are dropped or trimmed. Returns how many bytes were skipped.
   */
  skipTo(stream: 'stdout' | 'stderr', offset: number): number {
    const from = this.next[stream];
    if (offset <= from) return 0;
    this.next[stream] = offset;
    this.drain(stream);
    return offset - from;
  }

  private drain(stream: 'stdout' | 'stderr'): void {
    for (;;) {
      let progressed = false;
      for (const [offset, data] of this.pending[stream]) {
        const end = offset + data.length;
        if (end <= this.next[stream]) {
          this.pending[stream].delete(offset);
          progressed = true;
        } else if (offset <= this.next[stream]) {
          this.pending[stream].delete(offset);
          const fresh = data.subarray(this.next[stream] - offset);
          this.next[stream] = end;
          if (fresh.length > 0) this.deliver(stream, fresh);
          progressed = true;
        }
      }
      if (!progressed) return;
    }
  }
}
