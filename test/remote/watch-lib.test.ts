import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SH_LIB } from '../../src/remote/sh-lib.js';
import { WATCH_LIB } from '../../src/remote/watch-lib.js';

// smsh_watch as a run script or reader runs it: a script at the agent's own path, so `$0` leads
// to the agent's state directory, run by dash.
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'smsh-watch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function layout(options: { agent: boolean }) {
  const root = path.join(work, `case${++n}`);
  const doc = path.join(root, 'i-0123456789abcdef0', 'document');
  const dir = options.agent ? path.join(doc, 'orchestration', 'c0ffee', 'awsrunShellScript', '0.awsrunShellScript') : path.join(root, 'elsewhere');
  mkdirSync(dir, { recursive: true });
  for (const d of ['pending', 'current']) mkdirSync(path.join(doc, 'state', d), { recursive: true });
  const C = path.join(root, 'spool', '1');
  mkdirSync(C, { recursive: true });
  writeFileSync(path.join(C, 'out'), '');
  writeFileSync(path.join(C, 'err'), '');
  return { dir, state: path.join(doc, 'state'), C };
}

/** Runs smsh_watch with these arguments and returns why it stopped, the pool counts, and how long it took. */
async function watch(l: ReturnType<typeof layout>, args: string, before = '') {
  const script = path.join(l.dir, '_script.sh');
  writeFileSync(script, `${SH_LIB}${WATCH_LIB}\nC='${l.C}'\n${before}\nsmsh_watch ${args}\necho "$why $pc $pw"\n`);
  chmodSync(script, 0o700);
  const started = Date.now();
  const { stdout } = await run('/usr/bin/dash', ['-c', script]);
  return { said: stdout.trim(), ms: Date.now() - started };
}

describe('smsh_watch', () => {
  it('gives its worker back when another document waits in the agent buffer, after the yield time', async () => {
    const l = layout({ agent: true });
    writeFileSync(path.join(l.state, 'pending', 'other.i-0123456789abcdef0'), '{}');
    writeFileSync(path.join(l.state, 'current', 'ours.i-0123456789abcdef0'), '{}');
    const { said, ms } = await watch(l, '0 0 100 5 30');
    expect(said).toBe('busy 1 1');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3_000);
  });

  it('waits its whole time when nobody waits for a worker, and counts the running documents', async () => {
    const l = layout({ agent: true });
    writeFileSync(path.join(l.state, 'current', 'a'), '{}');
    writeFileSync(path.join(l.state, 'current', 'b'), '{}');
    const { said, ms } = await watch(l, '0 0 4 5 10');
    expect(said).toBe('wait 2 0');
    expect(ms).toBeGreaterThanOrEqual(350);
  });

  it('sees no pool where the script is not run by the agent', async () => {
    const l = layout({ agent: false });
    writeFileSync(path.join(l.state, 'pending', 'other'), '{}');
    expect((await watch(l, '0 0 3 5 0')).said).toBe('wait 0 0');
  });

  it('returns when output grew past the offsets, after the batch time', async () => {
    const l = layout({ agent: true });
    const { said, ms } = await watch(l, '0 0 100 20 10', `(sleep 0.3; echo hi >>'${l.C}/out') &`);
    expect(said).toBe('data 0 0');
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3_000);
  });

  it('returns at once when the line has ended', async () => {
    const l = layout({ agent: true });
    writeFileSync(path.join(l.C, 'rc'), '0\n');
    expect((await watch(l, '0 0 100 5 10')).said).toBe('end 0 0');
  });

  it('calls a line orphaned when its keeper died without an exit code, unless an interrupt is settling it', async () => {
    const l = layout({ agent: true });
    writeFileSync(path.join(l.C, 'kpid'), '999999999\n');
    expect((await watch(l, '0 0 100 5 10')).said).toBe('orphan 0 0');
    writeFileSync(`${l.C}.cancel`, '');
    expect((await watch(l, '0 0 3 5 10')).said).toBe('wait 0 0');
  });
});
