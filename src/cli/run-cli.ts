import { hostname, userInfo } from 'node:os';
import { connect } from './connect.js';
import { createGovernor } from '../aws/governor.js';
import { toSmshError } from '../aws/errors.js';
import { isInstanceId } from '../target/parse-target.js';
import { resolveTarget, type ResolvedTarget } from '../target/resolve-target.js';
import { createSsmPort } from '../session/ssm-port.js';
import { Session } from '../session/session.js';
import { runOneShot } from '../oneshot/run-oneshot.js';
import { isSmshError, SmshError } from '../util/smsh-error.js';
import type { CliArgs } from './args.js';

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Runs smsh for parsed arguments: settings, clients, target, session, then the chosen front end. */
export async function runCli(args: CliArgs): Promise<number> {
  const connection = await connect(args);
  const { settings, clients } = connection;
  const target = args.target ?? connection.localInstanceId;
  const governor = createGovernor();
  const interrupt = new AbortController();
  const kill = new AbortController();
  let signalName = 'SIGINT';
  const oneShot = args.command !== undefined;
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const onSignal = (name: NodeJS.Signals) => {
    if (!oneShot && terminal && name === 'SIGINT') return; // the interactive shell handles Ctrl+C itself
    signalName = name;
    if (interrupt.signal.aborted) kill.abort();
    else interrupt.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  let session: Session | undefined;
  try {
    if (target === undefined) throw new SmshError('usage', 'missing target');
    // An instance id needs no lookup before the first command: SendCommand itself says whether it
    // can run there, and only then do we ask why not. Other targets are resolved first.
    let instanceId = target;
    let name = target;
    let resolved: ResolvedTarget | undefined;
    if (!isInstanceId(target) || !oneShot) {
      resolved = await resolveTarget(target, {
        ssm: clients.ssm,
        ec2: clients.ec2,
        governor,
        region: settings.region,
        endpointFor: (s) => clients.endpointFor(s),
        signal: interrupt.signal,
      });
      instanceId = resolved.instanceId;
      name = resolved.name ?? resolved.instanceId;
    }
    const port = createSsmPort({ ssm: clients.ssm, governor, instanceId });
    session = new Session({
      port,
      clientLabel: `${safeUser()}@${hostname()}`,
      oneShot,
      ...(args.timeout !== undefined ? { executionTimeoutSeconds: args.timeout } : {}),
    });
    if (oneShot) {
      const stdin = args.noStdin || process.stdin.isTTY ? undefined : await readAll(process.stdin);
      const code = await runOneShot({
        session,
        line: args.command!,
        stdout: process.stdout,
        stderr: process.stderr,
        ...(stdin && stdin.length > 0 ? { stdin } : {}),
        buffered: args.bufferedOutput,
        ...(args.json ? { json: { instanceId } } : {}),
        signal: interrupt.signal,
        killSignal: kill.signal,
        interruptCode: () => SIGNAL_CODES[signalName] ?? 130,
      }).catch(async (error: unknown) => {
        throw await explain(error, target!, instanceId);
      });
      // Every byte is out: exit now. The end script is sent without waiting for it to run, except
      // with --local, whose endpoint stops with us and would leave the spool behind.
      if (!session.isEnded) await session.end({ wait: args.local });
      return code;
    }
    const identity = terminal ? callerIdentity() : undefined;
    await session.start(interrupt.signal).catch(async (error: unknown) => {
      throw await explain(error, target!, instanceId);
    });
    if (terminal) {
      // The Ink shell loads only here, so one-shot and piped runs never pay for React.
      const ui = await import('../ui/start-interactive.js');
      const code = await ui.runInteractive({
        session,
        name,
        target: resolved ?? { instanceId },
        identity: await identity,
        signal: interrupt.signal,
        abortCode: () => SIGNAL_CODES[signalName] ?? 130,
      });
      await session.end();
      return code;
    }
    const { runLineShell } = await import('../ui/line-shell.js');
    const code = await runLineShell({
      session,
      name,
      input: process.stdin,
      output: process.stdout,
      errorOutput: process.stderr,
      interactive: terminal,
      signal: interrupt.signal,
      abortCode: () => SIGNAL_CODES[signalName] ?? 130,
    });
    await session.end();
    return code;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await connection.close();
  }

  // Who the caller is, for the banner; bounded, and never a reason to fail.
  async function callerIdentity(): Promise<string | undefined> {
    try {
      const [{ GetCallerIdentityCommand }, sts] = await Promise.all([import('@aws-sdk/client-sts'), clients.sts()]);
      const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(3000) });
      return out.Arn;
    } catch {
      return undefined;
    }
  }

  // Turns an SDK error into one line; for InvalidInstanceId on an id, asks SSM why (unknown, offline, Windows).
  async function explain(error: unknown, text: string, instanceId: string): Promise<Error> {
    if (isSmshError(error)) return error;
    const mapped = toSmshError(error, { operation: 'ssm:SendCommand', target: instanceId, region: settings.region, endpoint: clients.endpointFor('ssm') });
    const code = (error as { name?: string }).name;
    if (code === 'InvalidInstanceId' || code === 'UnsupportedPlatformType') {
      try {
        await resolveTarget(text, { ssm: clients.ssm, ec2: clients.ec2, governor, region: settings.region });
      } catch (why) {
        if (isSmshError(why)) return why;
      }
    }
    return mapped;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(typeof part === 'string' ? Buffer.from(part) : (part as Buffer));
  return Buffer.concat(parts);
}
