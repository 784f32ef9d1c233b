import { describe, expect, it } from 'vitest';
import { NEW_SEARCH, searchErase, searchLine, searchOlder, searchType } from '../../src/ui/reverse-search.js';

const entries = ['ls /var', 'cat /etc/hosts', 'ls -la', 'echo hi'];

describe('reverse search', () => {
  it.each([
    ['ls', 'ls -la'],
    ['cat', 'cat /etc/hosts'],
    ['/', 'cat /etc/hosts'],
    ['zzz', ''],
  ])('finds the newest entry containing %j', (query, line) => {
    expect(searchLine(searchType(NEW_SEARCH, entries, query), entries)).toBe(line);
  });

  it('goes to older matches with Ctrl+R and says when there are no more', () => {
    let s = searchType(NEW_SEARCH, entries, 'ls');
    s = searchOlder(s, entries);
    expect(searchLine(s, entries)).toBe('ls /var');
    s = searchOlder(s, entries);
    expect(s.failed).toBe(true);
    expect(searchLine(s, entries)).toBe('ls /var');
  });

  it('keeps the match while typing narrows the query, and searches again after Backspace', () => {
    let s = searchType(NEW_SEARCH, entries, 'l');
    expect(searchLine(s, entries)).toBe('ls -la');
    s = searchType(s, entries, 's /');
    expect(searchLine(s, entries)).toBe('ls /var');
    s = searchErase(searchErase(s, entries), entries);
    expect(s.query).toBe('ls');
    expect(searchLine(s, entries)).toBe('ls -la');
    expect(searchErase(searchErase(s, entries), entries)).toEqual(NEW_SEARCH);
  });
});
