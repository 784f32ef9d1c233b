import { hostname, userInfo } from 'node:os';
import { createGovernor } from '../aws/governor.js';
import { isInstanceId } from '../target/parse-target.js';
import { resolveTarget, type ResolvedTarget } from '../target/resolve-target.js';
import { createSsmPort } from '../session/ssm-port.js';
import { Session } from '../session/session.js';
import { isSmshError, SmshError } from '../util/smsh-error.js';
import { connect, type ConnectArgs, type ConnectDeps, type Connection } from './connect.js';
import { describedPort } from './described-port.js';

export { withSignals, type SignalSource, type Signals } from './signals.js';

/** What opening a target needs from the command line. */
export interface OpenTargetArgs extends ConnectArgs {
  /** The target as typed; with `local`, undefined, '' or 'local' mean the built-in endpoint's instance. */
  target?: string | undefined;
  /** executionTimeout of each command, in seconds. */
  timeout?: number | undefined;
  hangupAfter?: number | undefined;
  /**
   * One-shot: the session is created by the first command itself (one SendCommand in all), so it
   * is not started here, and an instance id is not looked up first (SendCommand says if it cannot run there).
   */
  oneShot?: boolean;
}

/** What openTarget uses besides the flags, injected so tests build it by hand. */
export interface OpenTargetDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** Aborts opening at any step: resolution, and the session's first round trip (its calls are abandoned). */
  signal?: AbortSignal;
  /** Who runs smsh, for each invocation's Comment. @default `user@host` of this machine */
  clientLabel?: string;
  /** Settings and clients. @default connect */
  connect?: (args: ConnectArgs, deps: ConnectDeps) => Promise<Connection>;
  /** Told as soon as the clients exist, so a caller can start calls of its own alongside (the banner's STS call). */
  onConnect?: (connection: Connection) => void;
}

/** A target with its engine session, and how to let go of everything opened for it. */
export interface OpenedTarget {
  session: Session;
  instanceId: string;
  /** The target's display name (Name tag or id). */
  name: string;
  /** What resolution learnt (absent for a one-shot on an instance id, which skips it). */
  resolved?: ResolvedTarget;
  connection: Connection;
  /** Turns a command's failure into one SmshError; an instance that refused a command is asked why (unknown, offline, Windows). */
  explain(error: unknown): Promise<Error>;
  /** Rejects every AWS call in flight or later at once: leaving while an endpoint does not answer. */
  abandon(): void;
  /** Ends the session once (removing its spool), destroys the clients, stops a --local endpoint. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the chain every command runs on, in one place: settings and clients (connect), the
 * session's pacer, the target (resolveTarget), the SSM port (with failures in words) and the
 * engine `Session`, started unless one-shot. An abort of `deps.signal` stops it at any step.
 */
export async function openTarget(args: OpenTargetArgs, deps: OpenTargetDeps): Promise<OpenedTarget> {
  const leave = new AbortController();
  const signal = deps.signal;
  deps.signal?.throwIfAborted();
  // While opening, an interrupt abandons whatever call is in flight (the session's first
  // SendCommand cannot be aborted otherwise); afterwards the front end decides.
  const onAbort = () => leave.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const connection = await (deps.connect ?? connect)(args, { env: deps.env, signal: leave.signal }).catch((error: unknown) => {
    signal?.removeEventListener('abort', onAbort);
    throw error;
  });
  const { settings, clients } = connection;
  deps.onConnect?.(connection);
  const governor = createGovernor();
  const resolveOptions = { ssm: clients.ssm, ec2: () => clients.ec2(), governor, region: settings.region, endpointFor: (s: 'ssm' | 'ec2') => clients.endpointFor(s) };
  let closed = false;
  let session: Session | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      // A one-shot has printed everything: the end script goes out without waiting for it to run
      // (the process exits right after its last byte), except with --local, whose endpoint stops with us.
      if (session && !session.isEnded) await session.end({ wait: !args.oneShot || args.local });
    } finally {
      await connection.close();
    }
  };
  try {
    let target = args.target;
    if (args.local && (target === undefined || target === '' || target === 'local')) target = connection.localInstanceId;
    if (target === undefined || target === '') throw new SmshError('usage', 'missing target (try smsh --help, or smsh --local)');
    const text = target;
    const resolved = args.oneShot && isInstanceId(text) ? undefined : await resolveTarget(text, { ...resolveOptions, signal });
    const instanceId = resolved?.instanceId ?? text;
    const port = describedPort(createSsmPort({ ssm: clients.ssm, governor, instanceId }), {
      endpoint: clients.endpointFor('ssm'),
      target: instanceId,
      region: settings.region,
    });
    session = new Session({
      port,
      clientLabel: deps.clientLabel ?? `${safeUser()}@${hostname()}`,
      oneShot: args.oneShot === true,
      ...(args.timeout !== undefined ? { executionTimeoutSeconds: args.timeout } : {}),
      ...(args.hangupAfter !== undefined ? { hangupMs: args.hangupAfter * 1000 } : {}),
    });
    const opened: OpenedTarget = {
      session,
      instanceId,
      name: resolved?.name ?? instanceId,
      ...(resolved ? { resolved } : {}),
      connection,
      async explain(error) {
        if (!isSmshError(error)) return error instanceof Error ? error : new Error(String(error));
        const code = (error.cause as { name?: unknown } | undefined)?.name;
        if (code !== 'InvalidInstanceId' && code !== 'UnsupportedPlatformType') return error;
        // SendCommand only says "not valid": resolution says why (unknown, offline, Windows).
        return resolveTarget(text, resolveOptions).then(
          () => error,
          (why: unknown) => (isSmshError(why) ? why : error),
        );
      },
      abandon: () => leave.abort(),
      close,
    };
    if (!args.oneShot) await session.start(signal).catch(async (error: unknown) => Promise.reject(await opened.explain(error)));
    signal?.throwIfAborted();
    return opened;
  } catch (error) {
    leave.abort();
    await close();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
