import path from 'node:path';
import { copyFrom, copyTo, withDirectoryHint, type CopyOptions } from '../../transfer/copy.js';
import { isTransferError } from '../../transfer/errors.js';
import { createProgressBar } from '../../transfer/progress.js';
import type { CpArgs, CpEndpoint } from '../cp-args.js';
import { EXIT_SMSH_ERROR } from '../exit-codes.js';
import type { OpenedTarget } from '../factory.js';
import { failureOf, reportFailure } from '../report.js';
import type { CommandContext } from './io.js';

/** `smsh cp`'s options: the parsed words after `cp`, and everything it touches injected. */
export interface CpOptions extends CommandContext {
  args: CpArgs;
}

type Remote = Extract<CpEndpoint, { kind: 'remote' }>;

/**
 * Copies one file or (with -r) one directory tree between this machine and an instance: opens
 * the target and a session (as `smsh <target>` would), copies with sha256 checks (transfer/copy.ts,
 * shared with the shell's get/put), and ends the session, which removes everything it left on the
 * instance. A progress bar shows on a TTY unless --quiet. SIGINT/SIGTERM stop it (exit 130/143)
 * and leave the destination untouched.
 */
export async function runCpCommand(o: CpOptions): Promise<number> {
  const { args, io, signals } = o;
  const remote = (args.from.kind === 'remote' ? args.from : args.to) as Remote;
  let opened: OpenedTarget | undefined;
  try {
    opened = await o.open(
      { target: remote.target, local: args.local, profile: args.profile, region: args.region, endpointUrl: args.endpointUrl },
      { env: o.env, signal: signals.interrupt },
    );
    const label = path.basename(args.from.path) || args.from.path || '.';
    const bar = args.quiet || io.stderr.isTTY !== true ? undefined : createProgressBar(io.stderr, label);
    let drawn = false;
    const options: CopyOptions = {
      signal: signals.interrupt,
      recursive: args.recursive,
      onWarning: (text) => io.stderr.write(`smsh: warning: ${text}\n`),
      ...(bar ? { onProgress: (p) => ((drawn = true), bar.update(p)) } : {}),
    };
    if (args.from.kind === 'remote') await copyFrom(opened.session, args.from.path, args.to.path, options);
    else await copyTo(opened.session, args.from.path, remote.path, options);
    if (drawn) bar?.finish();
    return 0;
  } catch (error) {
    if (signals.interrupt.aborted && !isTransferError(error)) {
      return reportFailure(io, { kind: 'interrupted', message: 'cp interrupted; the destination is unchanged', exitCode: signals.exitCode() }, false);
    }
    return reportFailure(io, failureOf(withDirectoryHint(error, 'use cp -r'), EXIT_SMSH_ERROR), false);
  } finally {
    await opened?.close();
  }
}
