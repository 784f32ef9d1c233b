// The differential suite (issue 13): every corpus session runs in local bash (and dash, for the
// POSIX path) and through smsh against the emulator, piped; stdout, stderr and the exit code
// must be the same, unless the session names a difference that docs/differences.md documents.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineFixture, type EngineFixture } from '../helpers/session.js';
import { loadCorpus, type Session, type Shell } from './corpus.js';
import { documentedDifferences } from './differences.js';
import { normalize } from './normalize.js';
import { runReference, type Outcome } from './reference.js';
import { ReusedSession, runInProcess, runThroughBin } from './through-smsh.js';

// SMSH_DIFF_ONLY=<regexp> runs only the sessions whose name matches (while working on one).
const only = process.env.SMSH_DIFF_ONLY ? new RegExp(process.env.SMSH_DIFF_ONLY) : undefined;
const sessions = loadCorpus().filter((s) => !only || only.test(s.name));
const documented = documentedDifferences();
const runs = sessions.flatMap((s) => s.shells.map((shell) => ({ session: s, shell, via: 'in-process' as const })));
const binRuns = sessions.filter((s) => s.bin).map((s) => ({ session: s, shell: 'bash' as Shell, via: 'bin' as const }));
type Run = (typeof runs)[number] | (typeof binRuns)[number];
const key = (r: Run) => `${r.via} ${r.shell} ${r.session.name}`;

let fx: EngineFixture;
let root: string;
let home: string;
const results = new Map<string, { ref: Outcome; smsh: Outcome }>();
const savedHome = process.env.HOME;

const reused: ReusedSession[] = [];

/**
 * Each session works in a directory of its own, entered on its first line for both shells: so
 * OLDPWD is the home in both, and no round trip is spent on a line of its own.
 */
function inWorkDir(input: string, dir: string): string {
  return `cd '${dir}'; ${input}`;
}

/** Runs `items` with at most `width` at a time; each worker has its number (and its own sessions). */
async function pool<T>(items: T[], width: number, job: (item: T, index: number, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async (_, worker) => {
      while (next < items.length) {
        const i = next++;
        await job(items[i]!, i, worker);
      }
    }),
  );
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'smsh-diff-'));
  home = path.join(root, 'home');
  mkdirSync(home);
  // A home of our own: a .bashrc that returns when not interactive (as Debian's does) and
  // defines an alias, which bash -i and smsh must both apply.
  writeFileSync(path.join(home, '.bashrc'), "case $- in *i*) ;; *) return ;; esac\nalias ll='ls -1'\ngreet() { echo \"hello $1\"; }\n");
  process.env.HOME = home;
  // The reference runs with PS1 empty (no prompts in its output), which makes /etc/bash.bashrc
  // return early; the instance's shell gets the same (the agent's environment is ours), so both
  // read the same rc files to the same effect on any machine.
  process.env.PS1 = '';
  fx = await startEngineFixture();
  const env = { ...process.env, HOME: home, LC_ALL: 'C.UTF-8', TERM: 'dumb' };
  const started = Date.now();
  // Three at a time: on two cores more only adds contention (each line is a dozen processes on the instance side).
  const width = 3;
  const own = Array.from({ length: width }, () => ({ bash: new ReusedSession(fx, 'bash'), dash: new ReusedSession(fx, 'dash') }));
  reused.push(...own.flatMap((o) => [o.bash, o.dash]));
  await pool([...binRuns, ...runs] as Run[], width, async (run, i, worker) => {
    // The same name on both sides, so a session may print its directory's name.
    const ref = path.join(root, 'ref', `w${i}`);
    const mine = path.join(root, 'smsh', `w${i}`);
    mkdirSync(ref, { recursive: true });
    mkdirSync(mine, { recursive: true });
    const reference = await runReference(run.shell, inWorkDir(run.session.input, ref), { cwd: home, env });
    const input = inWorkDir(run.session.input, mine);
    const smsh = run.via === 'bin' ? await runThroughBin(input, env) : await runInProcess(own[worker]![run.shell], input);
    results.set(key(run), { ref: normalize(reference, { workDir: ref, home }), smsh: normalize(smsh, { workDir: mine, home }) });
  });
  console.log(`differential: ${sessions.length} sessions, ${runs.length + binRuns.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // SMSH_DIFF_DUMP=<file> keeps every run's normalized output, to read a difference in full.
  if (process.env.SMSH_DIFF_DUMP) writeFileSync(process.env.SMSH_DIFF_DUMP, JSON.stringify(Object.fromEntries(results), null, 1));
}, Number(process.env.SMSH_DIFF_TIMEOUT ?? 300_000));

afterAll(async () => {
  process.env.HOME = savedHome;
  delete process.env.PS1;
  await fx?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  for (const r of reused) r.remove();
});

describe('smsh behaves as bash and dash do, line after line', () => {
  it('has at least 200 sessions', () => {
    expect(only ? 200 : sessions.length).toBeGreaterThanOrEqual(200);
  });

  it.each([...runs, ...binRuns].map((r) => [key(r), r] as const))('%s', (_name, run) => {
    const r = results.get(key(run))!;
    const differs = run.session.differs[run.shell];
    for (const id of differs) expect(documented.has(id), `${id} is not in docs/differences.md`).toBe(true);
    if (differs.length === 0) {
      expect(r.smsh).toEqual(r.ref);
    } else {
      expect(r.smsh, `the session is marked "differs ${differs.join(' ')}" but smsh now behaves as ${run.shell}: remove the mark`).not.toEqual(r.ref);
    }
  });
});

/** The differences the corpus shows: each documented one must be among them. */
function differencesShown(all: Session[] = sessions): Set<string> {
  return new Set(all.flatMap((s) => [...s.differs.bash, ...s.differs.dash]));
}

describe('docs/differences.md', () => {
  it('lists only differences some session shows', () => {
    const shown = differencesShown();
    if (only) return;
    for (const id of documented.keys()) expect(shown.has(id), `${id} is documented but no session shows it`).toBe(true);
  });
});
