import type { Frame } from '../../remote/frame.js';
import { readLineReport, sizesOf, type LineReport } from '../../remote/line-report.js';
import { buildReadScript, readSideFrame, SIDE_BUDGET } from '../../remote/read-script.js';
import { parseFrames } from '../../remote/frame.js';
import type { LineRun } from './line-run.js';

/**
 * When more stdout is already spooled than one frame carries, reads it with a pipeline of range
 * readers: as many in flight as the worker budget allows (never more than the tuning's
 * `rangeReaders`, and one while the agent is busy), each taking the next unread range as soon as
 * its last one arrived. A range travels in the reader's stdout frame plus a side frame on its
 * stderr (the agent keeps 8,000 bytes of stderr too); whatever a reader did not bring back (a
 * frame cut short, a chunk shrunk to fit) is read again as a gap. Bytes are placed by offset, so
 * order of arrival does not matter. Returns the last range report that knew the exit code, if any.
 */
export async function fetchRanges(run: LineRun, sizeOut: number, ended?: LineReport): Promise<LineReport | undefined> {
  const { channel, sessionId, tuning } = run.ctx;
  const lanes = Math.min(tuning.rangeReaders, channel.budget.size, channel.load?.busy ? 1 : Number.POSITIVE_INFINITY);
  if (tuning.rangeReaders <= 1) return undefined;
  let known = sizeOut;
  let cursor = run.out.next.stdout;
  let last = ended;
  let stop = false;
  const gaps: [number, number][] = [];
  const next = (): [number, number] | undefined => {
    // Interrupted: no more reading ahead until the cancel says where the line was stopped.
    if (run.cancelled && !run.skipKnown) return undefined;
    cursor = Math.max(cursor, run.out.next.stdout);
    let gap = gaps.shift();
    while (gap && gap[1] <= run.out.next.stdout) gap = gaps.shift();
    if (gap) return gap;
    const span = run.rawFor(channel.frameBudget) + (channel.sideChannel ? run.rawFor(SIDE_BUDGET) : 0);
    const pending = known - cursor;
    // While the command runs, a small remainder is left to the long-polling reader.
    if (pending <= 0 || (last === undefined && pending < span)) return undefined;
    const range: [number, number] = [cursor, Math.min(known, cursor + span)];
    cursor = range[1];
    return range;
  };
  const worker = async (): Promise<void> => {
    for (let range = next(); range && !stop; range = next()) {
      const [start, end] = range;
      const main = Math.min(end - start, run.rawFor(channel.frameBudget));
      const side = channel.sideChannel && end - start > main ? { bytes: end - start - main, budget: SIDE_BUDGET } : undefined;
      const script = buildReadScript({
        sessionId,
        seq: run.seq,
        stdoutOffset: start,
        stderrOffset: 0,
        waitTenths: 0,
        budget: channel.frameBudget,
        maxChunk: main,
        rangeOnly: true,
        ...(side ? { side } : {}),
      });
      let stdout: string;
      let stderr: string;
      try {
        ({ stdout, stderr } = await channel.run(script, { line: run.line, tag: '(read range)', timeoutSeconds: 60, expectSoon: true }));
      } catch (error) {
        stop = true;
        throw error;
      }
      let frame: Frame | undefined;
      try {
        frame = parseFrames(stdout)[0];
      } catch {
        frame = undefined; // a broken range is read again as a gap
      }
      if (frame?.kind !== 'read') {
        gaps.push([start, end]);
        if (frame !== undefined) stop = true; // the spool is not there: the main reader says why
        continue;
      }
      let reached = start;
      const take = (report: LineReport) => {
        run.accept(report);
        for (const c of report.chunks) if (c.offset <= reached) reached = Math.max(reached, c.offset + c.data.length);
      };
      const report = readLineReport(frame);
      take(report);
      if (side && reached > start && reached < end) {
        const sideFrame = readSideFrame(stderr);
        if (sideFrame) take(readLineReport(sideFrame));
        else channel.noteSideFailure();
      }
      if (reached < end) gaps.push([reached, end]);
      known = Math.max(known, sizesOf(frame).stdout);
      if (report.rc !== undefined) last = report;
    }
  };
  run.ranging = true;
  try {
    await Promise.all(Array.from({ length: lanes }, worker));
  } finally {
    run.ranging = false;
  }
  return last;
}
