import { describe, expect, it } from 'vitest';
import { formatPrompt } from '../../src/ui/prompt.js';

describe('formatPrompt', () => {
  it.each([
    [{ user: 'root', name: 'web', cwd: '/root', home: '/root' }, '[root@web ~]# '],
    [{ user: 'root', name: 'web', cwd: '/', home: '/root' }, '[root@web /]# '],
    [{ user: 'ec2-user', name: 'i-0abc', cwd: '/var/log', home: '/home/ec2-user' }, '[ec2-user@i-0abc log]$ '],
    [{ user: 'bob', name: 'db', cwd: '/tmp/a b/', home: '/home/bob' }, '[bob@db a b]$ '],
  ])('shows %j as %j', (place, expected) => {
    expect(formatPrompt(place)).toBe(expected);
  });
});
