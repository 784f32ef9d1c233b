// The line's shell keeps what bash keeps from one line to the next: each test is a defect of
// issue 13 seen from the user's side, run through the engine against the emulator.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

let fx: EngineFixture;
let home: string;
const savedHome = process.env.HOME;
beforeAll(async () => {
  // The agent's environment is this process's: a home of our own, with a .bashrc that returns
  // early when not interactive, as Debian's and Ubuntu's do.
  home = mkdtempSync(path.join(tmpdir(), 'smsh-home-'));
  writeFileSync(path.join(home, '.bashrc'), "case $- in *i*) ;; *) return ;; esac\nalias greet='echo hello from bashrc'\n");
  process.env.HOME = home;
  fx = await startEngineFixture();
});
afterAll(async () => {
  process.env.HOME = savedHome;
  await fx?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** Runs lines one after the other in one new session; returns what each printed and its code. */
async function session(lines: string[], posix = false) {
  const s = fx.open({ forcePosix: posix });
  await s.start();
  const results = [];
  for (const line of lines) {
    const r = await collect(s, line);
    results.push({ out: r.stdout.toString(), err: r.stderr.toString(), code: r.exitCode });
  }
  await s.end();
  return results;
}

describe.each([
  ['bash', false],
  ['POSIX sh', true],
])('state across lines (%s)', (_name, posix) => {
  it('`$?` is the previous line\'s exit code on every line, not only the first', async () => {
    const r = await session(['true', 'echo $?', '(exit 42)', 'echo $?', 'echo $?'], posix);
    expect(r.map((x) => x.out)).toEqual(['', '0\n', '', '42\n', '0\n']);
  });

  it('`$?` survives `set -x`, and the trace shows the line once, with a single +', async () => {
    const r = await session(['set -x', '(exit 42)', 'echo $?', 'set +x'], posix);
    expect(r[2]).toEqual({ out: '42\n', err: '+ echo 42\n', code: 0 });
  });

  it('keeps an exported LINES and COLUMNS', async () => {
    const r = await session(['export LINES=5 COLUMNS=33', 'echo "$LINES $COLUMNS"; sh -c \'echo "$LINES $COLUMNS"\''], posix);
    expect(r[1]!.out).toBe('5 33\n5 33\n');
  });

  it('keeps an EXIT trap without running it at the end of each line, and trap lists only the user\'s traps', async () => {
    const r = await session(["trap 'echo bye' EXIT", 'echo x', posix ? 'trap' : 'trap -p'], posix);
    expect(r[0]!.out).toBe('');
    expect(r[1]!.out).toBe('x\n');
    expect(r[2]!.out).toBe("trap -- 'echo bye' EXIT\n");
  });

  it('a subshell\'s EXIT trap runs when the subshell exits', async () => {
    const r = await session(["(trap 'echo sub' EXIT; true); echo after"], posix);
    expect(r[0]!.out).toBe('sub\nafter\n');
  });

  it('keeps ulimit', async () => {
    const r = await session(['ulimit -S -n 512', 'ulimit -S -n'], posix);
    expect(r[1]!.out).toBe('512\n');
  });

  it('keeps the positional parameters', async () => {
    const r = await session(['set -- a "b c"', 'echo "$# $2"'], posix);
    expect(r[1]!.out).toBe('2 b c\n');
  });

  it('refuses to run a line in a working directory that is gone, and `cd /` still works', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smsh-gone-'));
    const marker = `marker-${path.basename(dir)}`;
    const r = await session([`cd ${dir}`, `rmdir ${dir}`, `touch ${marker}; pwd`, 'echo $?', 'cd /', 'pwd'], posix);
    const created = existsSync(path.join(home, marker)) || existsSync(path.join(process.cwd(), marker));
    rmSync(path.join(home, marker), { force: true });
    rmSync(path.join(process.cwd(), marker), { force: true });
    expect(created).toBe(false);
    expect(r[2]!.out).toBe('');
    expect(r[2]!.code).not.toBe(0);
    expect(r[2]!.err).toBe(`smsh: ${dir}: No such file or directory: the line was not run (cd to a directory that exists)\n`);
    expect(r[5]!.out).toBe('/\n');
  });
});

describe('state across lines (bash only)', () => {
  it('keeps PIPESTATUS and `$_`', async () => {
    const r = await session(['false | true | (exit 3)', 'echo "${PIPESTATUS[*]} $?"', 'echo a b c', 'echo $_']);
    expect(r[1]!.out).toBe('1 0 3 3\n');
    expect(r[3]!.out).toBe('c\n');
  });

  it('`$?` and PIPESTATUS survive `set -e`, and a failing status is not a failure of the next line', async () => {
    const r = await session(['set -e', 'false | (exit 4)', 'echo "${PIPESTATUS[*]} $?"', 'set +e']);
    expect(r[2]!.out).toBe('1 4 4\n');
  });

  it('shows errors as an interactive bash does: no internal line number, no "environment"', async () => {
    const r = await session(['nosuchcmd', 'f() { nosuchcmd; }; f', 'f']);
    for (const x of r) expect(x.err).toBe('bash: nosuchcmd: command not found\n');
  });

  it('applies the aliases of ~/.bashrc (read once, as an interactive shell)', async () => {
    const r = await session(['greet', 'echo "$-"']);
    expect(r[0]!.out).toBe('hello from bashrc\n');
    expect(r[1]!.out).toContain('i');
  });

  it('keeps ERR traps, and trap -p shows none of smsh\'s', async () => {
    const r = await session(["trap 'echo caught' ERR", 'false', 'trap -p', 'trap - ERR', 'false', 'trap -p']);
    expect(r[1]!.out).toBe('caught\n');
    expect(r[2]!.out).toBe("trap -- 'echo caught' ERR\n");
    expect(r[4]!.out).toBe('');
    expect(r[5]!.out).toBe('');
  });

  it('keeps the directory stack and OLDPWD', async () => {
    const r = await session(['cd /; pushd /tmp >/dev/null; pushd /usr >/dev/null', 'dirs', 'popd >/dev/null; cd -']);
    expect(r[1]!.out).toBe('/usr /tmp /\n');
    expect(r[2]!.out).toBe('/usr\n');
  });

  it('says once that SSM_COMMAND_ID is SSM\'s own when the user sets it', async () => {
    const r = await session(['export SSM_COMMAND_ID=mine', 'echo "[$SSM_COMMAND_ID]" | grep -c mine']);
    expect(r[0]!.err).toMatch(/^smsh: SSM sets SSM_COMMAND_ID.* not kept\n$/);
    expect(r[1]).toEqual({ out: '0\n', err: '', code: 1 });
  });

  it('does not print `exit` when a line exits', async () => {
    const r = await session(['echo hi; exit 3', 'echo $?']);
    expect(r[0]).toEqual({ out: 'hi\n', err: '', code: 3 });
    expect(r[1]!.out).toBe('3\n');
  });
});

describe('state across lines (large values)', () => {
  it('keeps a 100 KB variable and an empty associative array', async () => {
    const r = await session(["X=$(head -c 100000 /dev/zero | tr '\\0' a); declare -A m", 'echo ${#X}; declare -p m']);
    expect(r[1]!.out).toBe('100000\ndeclare -A m\n');
  });
});

describe('the size of a line\'s request', () => {
  it('a one-shot line with 8 KB of stdin fits the SendCommand budget beside the inner shell', async () => {
    const s = fx.open({ oneShot: true });
    const r = await collect(s, 'wc -c', { stdin: Buffer.alloc(8000, 0xff) });
    expect(r.stdout.toString().trim()).toBe('8000');
  });
});
