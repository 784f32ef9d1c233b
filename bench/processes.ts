// Finds the processes a remote line left behind. The emulator runs every script on this machine,
// so /proc shows them: by a token in their command line (a file name) or in their environment
// (the SSM_COMMAND_ID the agent gave the line's run script, which the keeper and the line inherit).
import { readdirSync, readFileSync } from 'node:fs';

/** Live (non-zombie) processes whose command line or environment contains `token`: what must be gone after an interrupt. */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const hit = readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token) || readFileSync(`/proc/${entry}/environ`, 'utf8').includes(token);
      if (hit && !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) found.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}
