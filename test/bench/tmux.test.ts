import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROMPT, shQuote } from '../../bench/tmux.js';

describe('bench tmux helpers', () => {
  it('quotes words so the shell tmux runs gives them back unchanged', () => {
    for (const word of ["it's", 'a b', '$HOME `id` "x"', "''", '', 'a\\b\nc', '/tmp/smsh-bench-x/state']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shQuote(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });

  it('recognises the prompt, not the status line', () => {
    expect(PROMPT.test('[root@ip-10-0-0-5 ~]# ')).toBe(true);
    expect(PROMPT.test('[ec2-user@web /var/log]$ ls')).toBe(true);
    expect(PROMPT.test('Ctrl+C to cancel')).toBe(false);
  });
});
