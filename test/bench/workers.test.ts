import { describe, expect, it } from 'vitest';
import type { WorkerLogEntry } from '../../src/emulator/index.js';
import { clientOf, FOREIGN, maxPeaks, peakWorkersByClient, poolFigures, type Window } from '../../bench/workers.js';

let n = 0;
/** A log entry for `comment` that held a worker from `start` to `end` (undefined: never started / still running). */
const doc = (comment: string, start: number | undefined, end: number | undefined, deliveredAt = start ?? 0): WorkerLogEntry => ({
  commandId: `c${++n}`,
  instanceId: 'i-0',
  comment,
  deliveredAt,
  ...(start !== undefined ? { startedAt: start } : {}),
  ...(end !== undefined ? { endedAt: end } : {}),
});

const peaks = (log: WorkerLogEntry[], window: Window = {}) => Object.fromEntries([...peakWorkersByClient(log, window)].map(([k, v]) => [k, v.peakRunning]));

describe('telling clients apart by Comment', () => {
  it.each([
    ['smsh alice@laptop: ls -l', 'alice@laptop'],
    ['smsh silent-1@bench: (read) tail -f /x', 'silent-1@bench'],
    ['smsh bench@host: ', 'bench@host'],
    ['smsh bench@host:', 'bench@host'],
    ['smsh a@b: echo x:y', 'a@b'],
    ['', FOREIGN],
    ['Patch Manager scan', FOREIGN],
    ['smsh: no label', FOREIGN],
    ['smshy a@b: ls', FOREIGN],
  ])('reads %j as client %j', (comment, client) => {
    expect(clientOf(comment)).toBe(client);
  });
});

describe('peak workers per client', () => {
  const A = 'smsh a@x: line';
  const B = 'smsh b@x: (read) line';
  it.each<[string, WorkerLogEntry[], Window, Record<string, number>]>([
    ['counts nothing for an empty log', [], {}, {}],
    ['counts one document as one worker', [doc(A, 0, 100)], {}, { 'a@x': 1 }],
    ['counts overlapping documents of one client together', [doc(A, 0, 100), doc(A, 50, 150), doc(A, 60, 70)], {}, { 'a@x': 3 }],
    ['does not count a document that starts as another ends (the worker passes on)', [doc(A, 0, 100), doc(A, 100, 200)], {}, { 'a@x': 1 }],
    ['keeps clients apart', [doc(A, 0, 100), doc(B, 10, 90), doc(B, 20, 80)], {}, { 'a@x': 1, 'b@x': 2 }],
    ['groups documents without an smsh prefix as foreign', [doc('', 0, 10), doc('AWS-RunPatchBaseline', 5, 20)], {}, { [FOREIGN]: 2 }],
    ['lists a client whose document only waited in the buffer with 0', [doc(A, undefined, 300, 100)], {}, { 'a@x': 0 }],
    ['treats a document without endedAt as still running', [doc(A, 0, undefined), doc(A, 1_000, 1_001)], {}, { 'a@x': 2 }],
    ['counts a document that held its worker for under a millisecond', [doc(A, 5, 5)], {}, { 'a@x': 1 }],
    ['counts two instant documents of the same millisecond together', [doc(A, 5, 5), doc(A, 5, 5)], {}, { 'a@x': 2 }],
    ['ignores documents that ended before the window', [doc(A, 0, 100), doc(A, 50, 99), doc(B, 150, 300)], { since: 120 }, { 'b@x': 1 }],
    ['ignores documents delivered after the window', [doc(A, 0, 100), doc(B, 500, 600)], { until: 400 }, { 'a@x': 1 }],
    ['counts only the overlap that falls inside the window', [doc(A, 0, 100), doc(A, 90, 300), doc(A, 200, 250)], { since: 150 }, { 'a@x': 2 }],
    ['clips a document still running to the window', [doc(A, 0, undefined), doc(A, 40, 60)], { since: 10, until: 50 }, { 'a@x': 2 }],
  ])('%s', (_name, log, window, expected) => {
    expect(peaks(log, window)).toEqual(expected);
  });

  it('counts the documents that held a worker within the window', () => {
    const log = [doc(A, 0, 100), doc(A, 200, 300), doc(A, undefined, 400, 350), doc(B, 0, 50)];
    expect(peakWorkersByClient(log, { since: 60 }).get('a@x')).toEqual({ peakRunning: 1, documents: 2 });
  });
});

describe('pool figures', () => {
  const stats = { peakBusy: 2, peakBuffered: 0, peakWaiting: 1 };
  it('passes or fails the busy peak against the case’s most workers', () => {
    expect(poolFigures('idle', stats, { maxBusy: 1, alone: true })[0]).toMatchObject({ value: 2, target: '≤ 1', pass: false });
    expect(poolFigures('bulk', stats, { maxBusy: 3, alone: true })[0]).toMatchObject({ value: 2, target: '≤ 3', pass: true });
  });

  it('asks a lone session never to queue behind itself', () => {
    const [, buffered, waiting] = poolFigures('x', stats, { alone: true });
    expect([buffered?.pass, waiting?.pass]).toEqual([true, false]);
  });

  it('gives shared-pool peaks without a target', () => {
    expect(poolFigures('concurrency', stats, { alone: false }).map((m) => m.pass)).toEqual([undefined, undefined, undefined]);
  });

  it('says what the busy figure covers', () => {
    expect(poolFigures('idle', stats, { alone: true, during: 'during the silence' })[0]?.name).toBe('agent workers busy, peak during the silence');
  });

  it('takes the highest of each peak over several reads', () => {
    expect(maxPeaks([stats, { peakBusy: 1, peakBuffered: 3, peakWaiting: 0 }])).toEqual({ peakBusy: 2, peakBuffered: 3, peakWaiting: 1 });
    expect(maxPeaks([])).toEqual({ peakBusy: 0, peakBuffered: 0, peakWaiting: 0 });
  });
});
