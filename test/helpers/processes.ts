import { readdirSync, readFileSync } from 'node:fs';

/** Live (non-zombie) processes whose command line contains `token`: what must be gone after an interrupt. */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token) && !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) {
        found.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
