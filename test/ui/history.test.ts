import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyAdd, historyDown, historyOf, historyUp, isRemembered } from '../../src/ui/history.js';
import { HistoryStore, historyFile, stateDir } from '../../src/ui/history-store.js';

describe('history navigation', () => {
  it('walks up to the oldest and back down to the draft that was being typed', () => {
    let h = historyOf(['ls', 'pwd']);
    const up1 = historyUp(h, 'draft')!;
    expect(up1.line).toBe('pwd');
    const up2 = historyUp(up1.history, up1.line)!;
    expect(up2.line).toBe('ls');
    expect(historyUp(up2.history, 'ls')).toBeNull();
    const down1 = historyDown(up2.history)!;
    expect(down1.line).toBe('pwd');
    const down2 = historyDown(down1.history)!;
    expect(down2.line).toBe('draft');
    expect(historyDown(down2.history)).toBeNull();
    h = historyAdd(down2.history, 'whoami');
    expect(h).toEqual({ entries: ['ls', 'pwd', 'whoami'], index: 3, draft: '' });
  });

  it.each([
    ['ls', true],
    ['', false],
    ['   ', false],
    [' export TOKEN=secret', false],
  ])('remembers %j: %s', (line, remembered) => {
    expect(isRemembered(line)).toBe(remembered);
  });

  it('does not repeat the same line twice in a row', () => {
    expect(historyAdd(historyOf(['ls']), 'ls').entries).toEqual(['ls']);
  });
});

describe('history file', () => {
  it('lives in XDG_STATE_HOME/smsh, else ~/.local/state/smsh', () => {
    expect(stateDir({ XDG_STATE_HOME: '/x/state' }, '/home/a')).toBe('/x/state/smsh');
    expect(stateDir({}, '/home/a')).toBe('/home/a/.local/state/smsh');
    expect(stateDir({ XDG_STATE_HOME: 'relative' }, '/home/a')).toBe('/home/a/.local/state/smsh');
    expect(historyFile('/s', 'i-0abc/../x')).toBe('/s/history-i-0abc_.._x');
  });

  it('appends remembered lines with mode 0600 and loads them back', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'smsh-hist-')), 'smsh');
    const store = new HistoryStore(historyFile(dir, 'i-0123'));
    store.append('ls');
    store.append(' secret');
    store.append('pwd');
    const file = historyFile(dir, 'i-0123');
    expect(readFileSync(file, 'utf8')).toBe('ls\npwd\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(new HistoryStore(file).load()).toEqual(['ls', 'pwd']);
  });

  it('tightens a file that others could read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smsh-hist-'));
    const file = historyFile(dir, 'i-1');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o644);
    new HistoryStore(file).append('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('treats a missing file as no history', () => {
    expect(new HistoryStore('/nonexistent/dir/file').load()).toEqual([]);
  });
});
