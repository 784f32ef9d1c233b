// Runs a session in the local reference shell, as a user typing it at an interactive prompt.
import { spawn } from 'node:child_process';
import type { Shell } from './corpus.js';

/** What a run printed and how it ended; the same shape for bash, dash and smsh. */
export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Pipes `input` to an interactive bash (`-i --noediting`: prompts on, but PS1 and PS2 empty, no
 * history file) or dash (`-i`, named `sh` as on the instance), in `cwd`, with `env`. The shells'
 * own start-up lines (no job control) and bash's `exit` at end of input are left out.
 */
export function runReference(shell: Shell, input: string, opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Outcome> {
  const env = { ...opts.env, PS1: '', PS2: '', HISTFILE: '' };
  const [file, args, argv0] = shell === 'bash' ? ['bash', ['--noediting', '-i'], 'bash'] : ['dash', ['-i'], 'sh'];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env, argv0, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let stderr = Buffer.concat(err).toString('latin1');
      stderr = stderr.replace(/^bash: cannot set terminal process group \(-?\d+\): Inappropriate ioctl for device\nbash: no job control in this shell\n/, '');
      stderr = stderr.replace(/^sh: 0: can't access tty; job control turned off\n/, '');
      // At end of input bash says `exit`, dash ends the prompt's line.
      stderr = stderr.replace(shell === 'bash' ? /exit\n$/ : /\n$/, '');
      resolve({ stdout: Buffer.concat(out).toString('latin1'), stderr, code: code ?? 128 + (signal ? 15 : 0) });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
