import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCancelScript, readCancelOutput } from '../../src/remote/cancel-script.js';
import { KEEPER } from '../../src/remote/keeper.js';

// The cancel script against a line the keeper runs, both with dash as the agent's `sh` would,
// in the spool a session would have (/tmp/.smsh-<uid>/<session>/1).
const uid = process.getuid?.() ?? 0;
const sessions: string[] = [];
afterAll(() => {
  for (const S of sessions) rmSync(S, { recursive: true, force: true });
});

function session() {
  const sessionId = randomBytes(8).toString('hex');
  const S = path.join(`/tmp/.smsh-${uid}`, sessionId);
  sessions.push(S);
  const C = path.join(S, '1');
  const L = path.join(S, 'u0');
  mkdirSync(C, { recursive: true, mode: 0o700 });
  mkdirSync(L);
  writeFileSync(path.join(C, 'line'), '');
  writeFileSync(path.join(L, 'state'), '');
  return { sessionId, S, C, L };
}

function keep(s: ReturnType<typeof session>, command: string[]): Promise<number | null> {
  const args = ['-c', KEEPER, 'smsh-keeper', s.C, s.L, '/dev/null', '0', '0', '2', s.S, path.join(s.S, '..', `.${s.sessionId}`), '2', '2000', ...command];
  const child = spawn('/usr/bin/dash', args, { stdio: 'ignore', detached: true });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function cancel(sessionId: string, graceTenths: number) {
  const r = spawnSync('/usr/bin/dash', ['-c', buildCancelScript({ sessionId, seq: 1, mode: 'term', graceTenths })], { encoding: 'utf8' });
  return readCancelOutput(r.stdout);
}

describe('an interrupt', () => {
  it('holds a TERM the line ignored when it came, and delivers it once the line traps it (no kill at the end of the grace)', async () => {
    const s = session();
    const heard = path.join(s.S, 'heard');
    // Ignores TERM for its first 0.6 s, as an interactive bash does until its first trap.
    const ended = keep(s, ['sh', '-c', `trap '' TERM; sleep 0.6; trap 'echo got >>${heard}; exit 7' TERM; while :; do sleep 0.05; done`]);
    for (let i = 0; i < 100 && !readPid(s.C); i++) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const report = cancel(s.sessionId, 40);
    await ended;
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('7\n');
    expect(readFileSync(heard, 'utf8')).toBe('got\n');
    expect(report).toMatchObject({ escalated: false, left: 0 });
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it('stops an interactive bash that got the TERM before its first trap, by its trap', async () => {
    const s = session();
    const heard = path.join(s.S, 'heard');
    const ended = keep(s, ['bash', '--norc', '--noprofile', '-i', '-c', `sleep 0.6; trap 'echo got >>${heard}; exit 7' TERM; while :; do sleep 0.05; done`]);
    for (let i = 0; i < 100 && !readPid(s.C); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    cancel(s.sessionId, 40);
    await ended;
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('7\n');
    expect(readFileSync(heard, 'utf8')).toBe('got\n');
  });

  it('still kills, at the end of the grace, a line that ignores TERM for good', async () => {
    const s = session();
    const ended = keep(s, ['sh', '-c', `trap '' TERM; while :; do sleep 0.05; done`]);
    for (let i = 0; i < 100 && !readPid(s.C); i++) await new Promise((r) => setTimeout(r, 20));
    const report = cancel(s.sessionId, 5);
    await ended;
    expect(readFileSync(path.join(s.C, 'rc'), 'utf8')).toBe('137\n');
    expect(report).toMatchObject({ escalated: true, left: 0 });
  });
});

function readPid(C: string): string {
  try {
    return readFileSync(path.join(C, 'pid'), 'utf8').trim();
  } catch {
    return '';
  }
}
