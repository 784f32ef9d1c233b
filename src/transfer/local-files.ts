import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describeError } from '../util/errno-words.js';
import { SmshError } from '../util/smsh-error.js';

/** The local side of `smsh cp`: atomic writes and tar, mirroring what the instance does. */

/** Largest archive or file held in memory: transfers are whole-buffer (and slow long before this). */
const MAX_BUFFER = 4 * 1024 * 1024 * 1024 - 1;

async function statOrNull(p: string) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/**
 * Writes a local file atomically (a temp file beside it, then rename). An existing file keeps its
 * mode; a new one gets `mode` under the local umask.
 */
export async function writeLocalFile(dest: string, data: Uint8Array, mode: number): Promise<void> {
  const existing = await statOrNull(dest);
  if (existing?.isDirectory()) throw new SmshError('usage', `${dest} is a directory`);
  const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.smsh-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, data, { mode: existing ? 0o600 : mode & 0o777, flag: 'wx' });
    if (existing) await chmod(temp, existing.mode & 0o7777);
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { force: true });
    throw new SmshError('usage', `cannot write ${dest}: ${describeError(error)}`);
  }
}

/** Packs a local directory's contents (members `./…`) with tar. */
export async function packLocalDir(dir: string): Promise<Buffer> {
  const st = await lstat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new SmshError('usage', `${dir} is not a directory`);
  const r = await execa('tar', ['-cf', '-', '-C', dir, '.'], { encoding: 'buffer', maxBuffer: MAX_BUFFER, reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new SmshError('usage', `tar failed for ${dir}: ${Buffer.from(r.stderr).toString().trim().split('\n')[0] ?? ''}`);
  return Buffer.from(r.stdout);
}

/**
 * Unpacks a tar into `dest/<name>` when dest is an existing directory, else into a new `dest`
 * (unpacked beside it and renamed, so it appears whole). Modes are kept; owners are not.
 */
export async function unpackLocalTree(tar: Uint8Array, dest: string, name: string): Promise<string> {
  const base = await statOrNull(dest);
  const final = base?.isDirectory() ? path.join(dest, name) : dest;
  const existing = await statOrNull(final);
  if (existing && !existing.isDirectory()) throw new SmshError('usage', `${final} exists and is not a directory`);
  const untar = async (into: string) => {
    const r = await execa('tar', ['-xpf', '-', '--no-same-owner', '-C', into], { input: tar, encoding: 'buffer', reject: false });
    if (r.exitCode !== 0) throw new SmshError('usage', `tar could not unpack into ${into}: ${Buffer.from(r.stderr).toString().trim().split('\n')[0] ?? ''}`);
  };
  if (existing) {
    await untar(final);
    return final;
  }
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.smsh-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(temp, { mode: 0o700 });
    await untar(temp);
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error instanceof SmshError ? error : new SmshError('usage', `cannot create ${final}: ${describeError(error)}`);
  }
  return final;
}
