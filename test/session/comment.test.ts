import { describe, expect, it } from 'vitest';
import { redactForComment } from '../../src/session/comment.js';

describe('redactForComment', () => {
  it.each([
    ['ls -la /var/log', 'ls -la /var/log'],
    ['export DB_PASSWORD=hunter2; run', 'export DB_PASSWORD=***; run'],
    ["API_TOKEN='a b' curl x", 'API_TOKEN=*** curl x'],
    ['mysql -uroot -phunter2 db', 'mysql -uroot -p*** db'],
    ['tool --password=hunter2 --user x', 'tool --password=*** --user x'],
    ['  export SECRET=x', '(hidden)'],
    ['echo   a\n  b', 'echo a b'],
  ])('shows %j as %j', (line, expected) => {
    expect(redactForComment(line)).toBe(expected);
  });
});
