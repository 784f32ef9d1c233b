import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/ui/program-kind.js';

describe('classifyLine', () => {
  it.each([
    ['ls -la', 'run'],
    ['vi /etc/hosts', 'editor'],
    ['sudo vim -u NONE "/etc/my file"', 'editor'],
    ['nano', 'editor'],
    ['less /var/log/syslog', 'pager'],
    ['dmesg | less', 'pager'],
    ['ps aux | grep x | more', 'pager'],
    ['man ls', 'pager'],
    ['less', 'interactive'],
    ['top', 'interactive'],
    ['top -b -n 1', 'run'],
    ['htop', 'interactive'],
    ['watch df -h', 'interactive'],
    ['sudo -u app htop', 'interactive'],
    ['python3', 'interactive'],
    ['python3 -c "print(1)"', 'run'],
    ['ssh other', 'interactive'],
    ['ssh other uptime', 'run'],
    ['crontab -e', 'interactive'],
    ['crontab -l', 'run'],
    ['echo "vi | less"', 'run'],
    ['echo top; tail -f /var/log/syslog', 'run'],
    ['LANG=C top', 'interactive'],
    ['', 'run'],
  ])('%j → %s', (line, kind) => {
    expect(classifyLine(line).kind).toBe(kind);
  });

  it('names the batch alternative to top', () => {
    const k = classifyLine('top');
    expect(k.kind === 'interactive' && k.message).toContain('top -b -n 1');
  });

  it('gives the editor the files, not the options', () => {
    expect(classifyLine('vim -O a.txt +10 b.txt')).toEqual({ kind: 'editor', program: 'vim', files: ['a.txt', 'b.txt'] });
  });
});
