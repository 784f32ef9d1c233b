import type { AwsClients } from '../../aws/clients.js';
import type { CliArgs } from '../args.js';
import { EXIT_SMSH_ERROR } from '../exit-codes.js';
import type { OpenedTarget } from '../factory.js';
import { failureOf, reportFailure } from '../report.js';
import type { CommandContext } from './io.js';

/** The shell's options: the parsed flags, and everything it touches injected. */
export interface ShellOptions extends CommandContext {
  args: CliArgs;
  /** How long the banner waits for "who am I" (STS) before saying "unknown caller", in ms. @default 3000 */
  identityTimeoutMs?: number;
}

/**
 * `smsh <target>`: opens the target and starts the session (one round trip learns user, home
 * and cwd), then runs the Ink shell on a terminal, or reads lines from stdin without one. Every
 * step of start-up stops on SIGINT/SIGTERM/SIGHUP; once the Ink shell runs, Ctrl+C is its own.
 */
export async function runShellCommand(o: ShellOptions): Promise<number> {
  const { args, io, signals } = o;
  const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
  let opened: OpenedTarget | undefined;
  let identity: Promise<string | undefined> = Promise.resolve(undefined);
  try {
    opened = await o.open(
      { target: args.target, local: args.local, profile: args.profile, region: args.region, endpointUrl: args.endpointUrl, timeout: args.timeout, hangupAfter: args.hangupAfter },
      {
        env: o.env,
        signal: signals.interrupt,
        // The banner's "who am I" runs alongside resolution and the session's start.
        onConnect: (connection) => {
          if (terminal) identity = callerIdentity(connection.clients, AbortSignal.any([signals.interrupt, AbortSignal.timeout(o.identityTimeoutMs ?? 3_000)]));
        },
      },
    );
    const { session, name, instanceId } = opened;
    if (terminal) {
      const caller = await identity;
      signals.interrupt.throwIfAborted();
      signals.shellOwnsSigint();
      // The Ink shell loads only here, so one-shot and piped runs never pay for React.
      const ui = await import('../../ui/start-interactive.js');
      return await ui.runInteractive({
        session,
        name,
        target: opened.resolved ?? { instanceId },
        identity: caller,
        signal: signals.interrupt,
        abortCode: () => signals.exitCode(),
      });
    }
    const { runLineShell } = await import('../../ui/line-shell.js');
    return await runLineShell({
      session,
      name,
      input: io.stdin,
      output: io.stdout,
      errorOutput: io.stderr,
      interactive: false,
      signal: signals.interrupt,
      abortCode: () => signals.exitCode(),
    });
  } catch (error) {
    if (signals.interrupt.aborted) {
      return reportFailure(io, { kind: 'interrupted', message: 'interrupted before the session started', exitCode: signals.exitCode() }, false);
    }
    return reportFailure(io, failureOf(error, EXIT_SMSH_ERROR), false);
  } finally {
    await opened?.close();
  }
}

// Who the caller is, for the banner; bounded by `signal`, and never a reason to fail.
async function callerIdentity(clients: AwsClients, signal: AbortSignal): Promise<string | undefined> {
  try {
    const [{ GetCallerIdentityCommand }, sts] = await Promise.all([import('@aws-sdk/client-sts'), clients.sts()]);
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    return out.Arn;
  } catch {
    return undefined;
  }
}
