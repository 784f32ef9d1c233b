import { spawn } from 'node:child_process';

/**
 * Shows text through the user's pager (`$PAGER`, run by the shell like git does), with
 * `LESS=FRX` unless LESS is set, so a short text does not need a `q`. Resolves when the pager
 * exits; a pager that cannot start is reported on stderr.
 */
export function pageLocally(text: string, pager: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env.LESS ?? 'FRX' } });
    child.stdin.on('error', () => {}); // the user quit before the end: EPIPE is expected
    child.on('error', (error) => {
      process.stderr.write(`smsh: cannot start pager '${pager}': ${error.message}\n`);
      resolve();
    });
    child.on('close', () => resolve());
    child.stdin.end(text);
  });
}
