import { buildCompleteScript, parseCompleteOutput } from '../remote/complete-script.js';
import type { Channel } from '../session/channel.js';
import type { Lister } from './completion-cache.js';

/** Lists directories and PATH commands on the instance with the complete script: one SendCommand and its polls per call. */
export function remoteLister(session: { readonly channel: Channel }, timeoutMs = 15_000): Lister {
  return async (dir) => {
    const script = buildCompleteScript(dir === null ? { kind: 'commands' } : { kind: 'dir', dir });
    const listing = await session.channel.runFrame(script, parseCompleteOutput, {
      line: dir ?? '(commands)',
      tag: '(complete)',
      timeoutSeconds: 30,
      expectSoon: true,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return listing.names.map((n) => ({ name: n.name, dir: n.dir }));
  };
}
