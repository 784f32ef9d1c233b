import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { processesWith } from '../../bench/processes.js';

describe('finding a line’s processes', () => {
  it('finds a process by a token in its environment, and no longer once it is gone', async () => {
    const token = `SMSH_BENCH_TOKEN=t${process.pid}x${Date.now()}`;
    const child = spawn('sleep', ['30'], { env: { ...process.env, SMSH_BENCH_TOKEN: token.split('=')[1] } });
    await once(child, 'spawn');
    expect(processesWith(token)).toEqual([child.pid]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(processesWith(token)).toEqual([]);
  });

  it('finds a process by a token in its command line', async () => {
    const seconds = `3${Date.now() % 100000}.5`;
    const child = spawn('sleep', [seconds]);
    await once(child, 'spawn');
    expect(processesWith(seconds)).toEqual([child.pid]);
    child.kill('SIGKILL');
    await once(child, 'exit');
  });

  it('never counts the bench itself', () => {
    expect(processesWith(process.argv.join('\0'))).not.toContain(process.pid);
  });
});
