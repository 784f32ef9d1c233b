import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCompleteScript, parseCompleteOutput } from '../../src/remote/complete-script.js';
import type { Channel } from '../../src/session/channel.js';
import { remoteLister } from '../../src/ui/remote-lister.js';

// Runs a script with sh, as the agent would.
const sh = (script: string) => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

function fixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'smsh-complete-'));
  mkdirSync(path.join(dir, 'sub dir'));
  writeFileSync(path.join(dir, 'plain.txt'), '');
  writeFileSync(path.join(dir, '.hidden'), '');
  writeFileSync(path.join(dir, 'run.sh'), '');
  chmodSync(path.join(dir, 'run.sh'), 0o755);
  writeFileSync(path.join(dir, "it's $(odd)"), '');
  return dir;
}

describe('the complete script', () => {
  it('lists a directory with dotfiles, marking directories and executables', () => {
    const listing = parseCompleteOutput(sh(buildCompleteScript({ kind: 'dir', dir: fixture() })));
    expect(listing.missing).toBe(false);
    expect(listing.truncated).toBe(false);
    expect(listing.names.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [
        { name: '.hidden', dir: false, exec: false },
        { name: "it's $(odd)", dir: false, exec: false },
        { name: 'plain.txt', dir: false, exec: false },
        { name: 'run.sh', dir: false, exec: true },
        { name: 'sub dir', dir: true, exec: false },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('says when the directory does not exist', () => {
    expect(parseCompleteOutput(sh(buildCompleteScript({ kind: 'dir', dir: '/nonexistent/x' })))).toEqual({ names: [], missing: true, truncated: false });
  });

  it('lists the commands on PATH', () => {
    const names = parseCompleteOutput(sh(buildCompleteScript({ kind: 'commands' }))).names.map((n) => n.name);
    expect(names).toContain('sh');
    expect(names).toContain('ls');
  });

  it('stays under the output cap for a huge directory, and says it was cut', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smsh-complete-big-'));
    for (let i = 0; i < 6000; i++) writeFileSync(path.join(dir, `file-${randomBytes(12).toString('hex')}-${i}`), '');
    const out = sh(buildCompleteScript({ kind: 'dir', dir }));
    expect(out.length).toBeLessThan(24_000);
    const listing = parseCompleteOutput(out);
    expect(listing.truncated).toBe(true);
    expect(listing.names.length).toBeGreaterThan(500);
    expect(listing.names.every((n) => /^file-[0-9a-f]{24}-\d+$/.test(n.name))).toBe(true);
  });
});

describe('remoteLister', () => {
  it('sends one script per listing and reads its frame', async () => {
    const sent: string[] = [];
    const channel = {
      runFrame: async <T>(script: string, read: (stdout: string) => T) => {
        sent.push(script);
        return read(sh(script));
      },
    } as unknown as Channel; // only runFrame is used: the lister sends one script and reads its frame
    const lister = remoteLister({ channel });
    const names = await lister(fixture());
    expect(sent).toHaveLength(1);
    expect(names).toContainEqual({ name: 'sub dir', dir: true });
  });
});
