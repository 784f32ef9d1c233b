import { buildCompleteScript, parseCompleteOutput } from '../remote/complete-script.js';
import type { Session } from '../session/session.js';
import type { Lister } from './completion-cache.js';

/** Lists directories and PATH commands on the instance with the complete script: one SendCommand and its polls per call. */
export function remoteLister(session: Pick<Session, 'send' | 'waitTerminal'>, timeoutMs = 15_000): Lister {
  return async (dir) => {
    const script = buildCompleteScript(dir === null ? { kind: 'commands' } : { kind: 'dir', dir });
    const id = await session.send(script, '(complete)', 30);
    const invocation = await session.waitTerminal(id, AbortSignal.timeout(timeoutMs));
    return parseCompleteOutput(invocation.stdout).names.map((n) => ({ name: n.name, dir: n.dir }));
  };
}
