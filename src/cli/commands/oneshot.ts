import { runOneShot } from '../../oneshot/run-oneshot.js';
import type { CliArgs } from '../args.js';
import { EXIT_SMSH_ERROR } from '../exit-codes.js';
import type { OpenedTarget } from '../factory.js';
import { failureOf, reportFailure } from '../report.js';
import { readAll, type CommandContext } from './io.js';

/** The one-shot's options: the parsed flags, and everything it touches injected. */
export interface OneshotOptions extends CommandContext {
  args: CliArgs & { command: string };
  /**
   * How long the first interrupt waits for an unanswered SendCommand before leaving anyway, in ms:
   * an answer within it lets the engine stop the command for real. @default 2000
   */
  sendGraceMs?: number;
}

/**
 * `smsh <target> -c cmd` and `smsh <target> -- words`: opens the target without starting a
 * session (the command creates it: one SendCommand in all), forwards local stdin when it is not a
 * TTY, streams the output, and exits with the remote exit code. Interrupts: before SendCommand
 * answered, leaving abandons the request (the first signal after `sendGraceMs`, a second at
 * once); after, the first signal stops the remote command and a second kills it.
 */
export async function runOneshotCommand(o: OneshotOptions): Promise<number> {
  const { args, io, signals } = o;
  const json = args.json;
  let opened: OpenedTarget | undefined;
  let abandoned = false;
  let sent = false;
  const abandon = () => {
    if (sent || abandoned || !opened) return;
    abandoned = true;
    opened.abandon();
  };
  const onInterrupt = () => setTimeout(abandon, o.sendGraceMs ?? 2_000).unref();
  signals.interrupt.addEventListener('abort', onInterrupt, { once: true });
  signals.kill.addEventListener('abort', abandon, { once: true });
  try {
    opened = await o.open(
      { target: args.target, local: args.local, profile: args.profile, region: args.region, endpointUrl: args.endpointUrl, timeout: args.timeout, hangupAfter: args.hangupAfter, oneShot: true },
      { env: o.env, signal: signals.interrupt },
    );
    const stdin = args.noStdin || io.stdin.isTTY ? undefined : await readAll(io.stdin, signals.interrupt);
    const session = opened.session;
    const code = await runOneShot({
      session,
      line: args.command,
      stdout: io.stdout,
      stderr: io.stderr,
      ...(stdin && stdin.length > 0 ? { stdin } : {}),
      buffered: args.bufferedOutput,
      ...(json ? { json: { instanceId: opened.instanceId } } : {}),
      signal: signals.interrupt,
      killSignal: signals.kill,
      interruptCode: () => signals.exitCode(),
      onSent: () => (sent = true),
    });
    return code;
  } catch (error) {
    if (signals.interrupt.aborted && (abandoned || !sent)) {
      const where = opened ? ` (SSM at ${opened.connection.clients.endpointFor('ssm')} had not answered; the command may still run on ${opened.instanceId})` : '';
      const message = abandoned ? `interrupted before the command was confirmed sent${where}` : 'interrupted before the command was sent';
      return reportFailure(io, { kind: 'interrupted', message, exitCode: signals.exitCode() }, json);
    }
    return reportFailure(io, failureOf(opened ? await opened.explain(error) : error, EXIT_SMSH_ERROR), json);
  } finally {
    signals.interrupt.removeEventListener('abort', onInterrupt);
    signals.kill.removeEventListener('abort', abandon);
    await opened?.close();
  }
}
