import { shellTransferCommand } from '../edit/get-put.js';
import { editOnTerminal } from '../edit/terminal-io.js';
import type { Session } from '../session/session.js';
import type { ResolvedTarget } from '../target/resolve-target.js';
import { formatBanner } from './banner.js';
import { HistoryStore, historyFile, stateDir } from './history-store.js';
import { pageLocally } from './local-pager.js';
import { remoteLister } from './remote-lister.js';
import { runInkShell } from './run-ink-shell.js';

/** What the interactive front end needs from the shell command (src/cli/commands/shell.ts). */
export interface InteractiveOptions {
  session: Session;
  name: string;
  target: Pick<ResolvedTarget, 'instanceId'> & Partial<ResolvedTarget>;
  identity: string | undefined;
  signal: AbortSignal;
  abortCode: () => number;
}

/** Wires the Ink shell to this process: banner, per-target history file, remote completion, $PAGER, local editing (vi FILE…) and get/put. Loaded by dynamic import only on a TTY. */
export function runInteractive(o: InteractiveOptions): Promise<number> {
  const history = new HistoryStore(historyFile(stateDir(), o.target.instanceId));
  const pager = process.env.PAGER;
  const platform = [o.target.platformName, o.target.platformVersion].filter(Boolean).join(' ');
  return runInkShell({
    session: o.session,
    name: o.name,
    banner: formatBanner({
      instanceId: o.target.instanceId,
      name: o.target.name,
      platform: platform || undefined,
      privateIp: o.target.privateIp,
      agentVersion: o.target.agentVersion,
      identity: o.identity,
    }),
    history: history.load(),
    onHistory: (line) => history.append(line),
    lister: remoteLister(o.session),
    signal: o.signal,
    abortCode: o.abortCode,
    onEdit: (request) => editOnTerminal(o.session, request),
    localCommand: shellTransferCommand(o.session),
    ...(pager ? { pager: (text: string) => pageLocally(text, pager) } : {}),
  });
}
