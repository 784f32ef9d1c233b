// Keeps only what the agent keeps of a stream: its first `limit` bytes plus a byte count, so a
// script printing gigabytes costs the emulator `limit` bytes of memory.

/** The suffix the agent appends to truncated stdout/stderr (pluginutil.ReadPrefix). */
export const OUTPUT_TRUNCATED_SUFFIX = '--output truncated--';

/** First-`limit`-bytes capture of one output stream. */
export class OutputCapture {
  private chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte seen, kept or not. */
  totalBytes = 0;

  constructor(readonly limit: number) {}

  /** Adds bytes written by the script (or by the agent itself, like its failure line). */
  append(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(Buffer.from(part));
    this.kept += part.length;
  }

  /**
   * The agent's ReadPrefix: under `limit` bytes the output is returned whole; at `limit` or more
   * it keeps `limit - suffix.length` bytes and appends the suffix.
   */
  truncated(suffix = OUTPUT_TRUNCATED_SUFFIX): Buffer {
    const data = Buffer.concat(this.chunks, this.kept);
    if (this.totalBytes < this.limit) return data;
    const suffixBytes = Buffer.from(suffix);
    if (this.limit <= suffixBytes.length) return suffixBytes.subarray(0, this.limit);
    return Buffer.concat([data.subarray(0, this.limit - suffixBytes.length), suffixBytes]);
  }
}

const ERROR_TITLE = Buffer.from('\n----------ERROR-------\n');
const TRUNC_OUT = Buffer.from('\n---Output truncated---');
const TRUNC_ERR = Buffer.from('\n---Error truncated----');

/** Capacity of CommandPlugins[].Output (iohandler.MaximumPluginOutputSize). */
export const PLUGIN_OUTPUT_CAPACITY = 2500;

/** The agent's iohandler.TruncateOutput: stdout, an error title, stderr, cut to `capacity` bytes. */
export function pluginOutput(stdout: Buffer, stderr: Buffer, capacity = PLUGIN_OUTPUT_CAPACITY): Buffer {
  const title = stderr.length > 0 ? ERROR_TITLE : Buffer.alloc(0);
  const available = capacity - title.length;
  const cut = (b: Buffer, n: number): Buffer => b.subarray(0, Math.max(0, Math.min(b.length, n)));
  if (stdout.length + stderr.length < available) return Buffer.concat([stdout, title, stderr]);
  if (stdout.length > available / 2 && stderr.length > available / 2) {
    const size = Math.floor((available - TRUNC_ERR.length - TRUNC_OUT.length) / 2);
    return Buffer.concat([cut(stdout, size), TRUNC_OUT, title, cut(stderr, size), TRUNC_ERR]);
  }
  if (stdout.length < available / 2) {
    return Buffer.concat([stdout, title, cut(stderr, available - TRUNC_ERR.length - stdout.length), TRUNC_ERR]);
  }
  return Buffer.concat([cut(stdout, available - TRUNC_OUT.length - stderr.length), TRUNC_OUT, title, stderr]);
}
