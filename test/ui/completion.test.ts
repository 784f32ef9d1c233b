import { describe, expect, it } from 'vitest';
import { applyCompletion, columns, completionTarget, resolveDir, unquote, type Candidate } from '../../src/ui/completion.js';
import { CompletionCache } from '../../src/ui/completion-cache.js';

const listing: Candidate[] = [
  { name: 'bin', dir: true },
  { name: 'lib', dir: true },
  { name: 'lib64', dir: true },
  { name: 'local', dir: true },
  { name: 'my file.txt', dir: false },
  { name: '.hidden', dir: false },
];

// Completes at the end of `line` against `listing`; returns the new line and the list shown.
function complete(line: string, names = listing) {
  const target = completionTarget(line, line.length);
  if (!target) return null;
  const r = applyCompletion(line, line.length, target, names);
  return { line: r.text, list: r.list };
}

describe('completionTarget', () => {
  it.each([
    ['ls /usr/lo', { start: 3, raw: '/usr/lo', command: false, dir: '/usr/', prefix: 'lo' }],
    ['ls', { start: 0, raw: 'ls', command: true, prefix: 'ls' }],
    ['sudo sys', { start: 5, raw: 'sys', command: true, prefix: 'sys' }],
    ['ls | gr', { start: 5, raw: 'gr', command: true, prefix: 'gr' }],
    ['./scr', { start: 0, raw: './scr', command: false, dir: './', prefix: 'scr' }],
    ['cat my\\ fi', { start: 4, raw: 'my\\ fi', command: false, dir: '', prefix: 'my fi' }],
    ['cat "my fi', { start: 4, raw: '"my fi', command: false, dir: '', prefix: 'my fi' }],
    ['cd /v', { start: 3, raw: '/v', command: false, dir: '/', prefix: 'v', dirsOnly: true }],
  ])('%j → %j', (line, target) => {
    expect(completionTarget(line, line.length)).toEqual(target);
  });

  it.each(['echo $HO', 'ls --al'])('does not complete %j', (line) => {
    expect(completionTarget(line, line.length)).toBeNull();
  });
});

describe('applyCompletion', () => {
  it.each([
    ['ls b', 'ls bin/', []],
    ['ls lo', 'ls local/', []],
    ['ls l', 'ls l', ['lib/', 'lib64/', 'local/']],
    ['ls li', 'ls lib', []],
    ['ls lib', 'ls lib', ['lib/', 'lib64/']],
    ['cat my', 'cat my\\ file.txt ', []],
    ['cat "my', 'cat "my file.txt" ', []],
    ['cat .h', 'cat .hidden ', []],
    ['cat zz', 'cat zz', []],
    ['cd m', 'cd m', []],
    ['ls /usr/b', 'ls /usr/bin/', []],
    ['ls ~/b', 'ls ~/bin/', []],
  ])('%j → %j, listing %j', (line, next, list) => {
    expect(complete(line)).toEqual({ line: next, list });
  });

  it('completes command names with a space after a unique one', () => {
    const names = [{ name: 'systemctl', dir: false }, { name: 'sysctl', dir: false }, { name: 'cd', dir: false }];
    expect(complete('systemc', names)).toEqual({ line: 'systemctl ', list: [] });
    expect(complete('sys', names)).toEqual({ line: 'sys', list: ['sysctl', 'systemctl'] });
  });

  it('completes in the middle of a line, keeping what follows', () => {
    const target = completionTarget('ls b | wc', 4)!;
    expect(applyCompletion('ls b | wc', 4, target, listing)).toEqual({ text: 'ls bin/ | wc', cursor: 7, list: [] });
  });
});

describe('helpers', () => {
  it.each([
    ['', '/root', '/root', '/root'],
    ['sub/', '/root', '/root', '/root/sub'],
    ['../', '/var/log', '/root', '/var'],
    ['~/', '/tmp', '/home/a', '/home/a'],
    ['/etc/', '/tmp', '/root', '/etc'],
  ])('resolveDir(%j) in %s → %s', (dir, cwd, home, abs) => {
    expect(resolveDir(dir, cwd, home)).toBe(abs);
  });

  it('unquotes words', () => {
    expect(unquote(`a\\ b"c d"'e'`)).toBe('a bc de');
  });

  it('lays out names in columns down, then across', () => {
    expect(columns(['a', 'b', 'c', 'd', 'e'], 9)).toBe('a  c  e\nb  d\n');
  });
});

describe('CompletionCache', () => {
  it('lists a directory once until a command runs, and shares concurrent asks', async () => {
    const asked: (string | null)[] = [];
    const cache = new CompletionCache(async (dir) => {
      asked.push(dir);
      return [{ name: 'x', dir: false }];
    });
    await Promise.all([cache.dir('/etc'), cache.dir('/etc')]);
    await cache.dir('/etc');
    expect(asked).toEqual(['/etc']);
    cache.invalidateDirs();
    await cache.dir('/etc');
    expect(asked).toEqual(['/etc', '/etc']);
  });

  it('keeps the command list for its TTL and adds the builtins', async () => {
    let now = 0;
    let calls = 0;
    const cache = new CompletionCache(async () => (calls++, [{ name: 'ls', dir: false }]), 1000, () => now);
    expect((await cache.commandNames()).map((c) => c.name)).toContain('cd');
    await cache.commandNames();
    now = 2000;
    await cache.commandNames();
    expect(calls).toBe(2);
  });

  it('asks again after a failed listing', async () => {
    let fail = true;
    const cache = new CompletionCache(async () => {
      if (fail) throw new Error('down');
      return [];
    });
    await expect(cache.dir('/x')).rejects.toThrow('down');
    fail = false;
    await expect(cache.dir('/x')).resolves.toEqual([]);
  });
});
