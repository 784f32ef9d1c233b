import { decodeWord, type Chunk, type Frame } from './frame.js';

/** Byte sizes of a line's spooled stdout and stderr. */
export interface SpoolSizes {
  stdout: number;
  stderr: number;
}

/** How busy the agent was when a script looked: documents running, and documents waiting for a worker. */
export interface PoolView {
  running: number;
  waiting: number;
}

/**
 * What a run script or a reader says about a line, read from its frame: the chunks it carried,
 * the spool sizes when it looked, and, once the line ended, its exit code and where it left the
 * user. One reader for both, because both print the same words.
 */
export interface LineReport {
  chunks: Chunk[];
  sizes: SpoolSizes;
  /** The line's exit code, once it ended. */
  rc?: number;
  /** The cwd the line left (decoded), once it ended. */
  cwd?: string;
  /** The layer's user name and home (run frames only). */
  user?: string;
  home?: string;
  /** The line ended and this frame carried every byte of its output. */
  complete: boolean;
  /** One-shot: the script removed the session after the last byte (nothing left to clean). */
  sessionEnded: boolean;
  /** The agent's pool as the script last saw it (absent where the agent's state is not visible). */
  pool?: PoolView;
  /** The script gave its worker back early because another document was waiting for one. */
  busy: boolean;
  /** The keeper died without an exit code (instance out of memory, killed by hand). */
  orphan: boolean;
  /** The keeper's watchdog stopped the line: its execution timeout, or the client was gone. */
  stopped?: 'timeout' | 'hangup';
}

/** The spool sizes a frame reports (`size <stdout> <stderr>`), 0 when absent. */
export function sizesOf(frame: Frame): SpoolSizes {
  const [stdout, stderr] = (frame.values.get('size') ?? '').split(' ').map((n) => Number(n) || 0);
  return { stdout: stdout ?? 0, stderr: stderr ?? 0 };
}

/** Reads the line words of a `run` or `read` frame. */
export function readLineReport(frame: Frame): LineReport {
  const v = frame.values;
  const rcText = v.get('rc');
  const rc = rcText === undefined || rcText === '' || !/^\d+$/.test(rcText) ? undefined : Number(rcText);
  const cwdWord = v.get('cwd');
  const home = v.get('home');
  const pool = (v.get('pool') ?? '').split(' ').map(Number);
  const stopped = v.get('stopped');
  return {
    chunks: frame.chunks,
    sizes: sizesOf(frame),
    ...(rc === undefined ? {} : { rc }),
    ...(cwdWord ? { cwd: decodeWord(cwdWord).toString() } : {}),
    ...(v.has('user') ? { user: v.get('user') ?? '' } : {}),
    ...(home ? { home: decodeWord(home).toString() } : {}),
    complete: v.get('complete') === '1',
    sessionEnded: v.get('ended') === '1',
    ...(pool.length === 2 && pool.every(Number.isInteger) ? { pool: { running: pool[0]!, waiting: pool[1]! } } : {}),
    busy: v.get('busy') === '1',
    orphan: v.get('orphan') === '1',
    ...(stopped === 'timeout' || stopped === 'hangup' ? { stopped } : {}),
  };
}

/** Whether a report carries every byte up to the sizes it measured after the line ended: the line is done. */
export function endedWith(report: LineReport, delivered: SpoolSizes): boolean {
  return report.rc !== undefined && delivered.stdout >= report.sizes.stdout && delivered.stderr >= report.sizes.stderr;
}
