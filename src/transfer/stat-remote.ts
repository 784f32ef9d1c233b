import { readFileStat, buildStatScript, type RemoteStat } from '../remote/read-file-scripts.js';
import { resultOf } from '../remote/file-head.js';
import { TransferError } from './errors.js';
import { checkPath, context, learnEncoding, runScript, type TransferSession } from './transfer-script.js';

/** The fingerprint of a file for change detection: sha256, or size and mtime where the instance cannot hash. */
export function fingerprintOf(stat: RemoteStat): string {
  return stat.sha256 ?? `nosha:${stat.size}:${stat.mtime}`;
}

/**
 * Stats a remote path as the session user (relative to the session cwd, `~` expanded). With
 * `hash`, a readable file's sha256 too (it is read whole on the instance). Never throws for a
 * missing or forbidden path: the type says so.
 */
export async function statRemote(session: TransferSession, remotePath: string, options: { hash?: boolean; signal?: AbortSignal } = {}): Promise<RemoteStat> {
  checkPath(remotePath);
  const script = buildStatScript(context(session), remotePath, { hash: options.hash === true, firstChunk: 0, budget: session.channel.frameBudget });
  const frame = await runScript(session, script, `(stat) ${remotePath}`, options.signal);
  learnEncoding(session, frame);
  if (frame.values.get('type') === 'nouser') throw new TransferError('denied', resultOf(frame));
  return readFileStat(frame, remotePath);
}
