import { hostname, userInfo } from 'node:os';
import { connect } from './connect.js';
import { createGovernor } from '../aws/governor.js';
import { toSmshError } from '../aws/errors.js';
import { resolveTarget } from '../target/resolve-target.js';
import { createSsmPort } from '../session/ssm-port.js';
import { Session } from '../session/session.js';
import { isSmshError, SmshError } from '../util/smsh-error.js';

/** What opening a session needs from the command line. */
export interface OpenSessionArgs {
  /** The target as typed; with `local`, undefined (or 'local') means the built-in endpoint's instance. */
  target?: string | undefined;
  local: boolean;
  profile?: string | undefined;
  region?: string | undefined;
  endpointUrl?: string | undefined;
  timeout?: number | undefined;
  signal?: AbortSignal;
}

/** A started session and how to close everything that was opened for it. */
export interface OpenedSession {
  session: Session;
  instanceId: string;
  /** The target's display name (Name tag or id). */
  name: string;
  /** Ends the session (removing its spool), destroys the clients, stops a --local endpoint. */
  close(): Promise<void>;
}

/**
 * Settings, clients, target and a started session, the way `smsh <target>` builds them
 * (src/cli/run-cli.ts), for front ends other than the shell (`smsh cp`). The session's start is
 * one round trip that learns the user, home and cwd, so remote paths resolve like in the shell.
 */
export async function openSession(args: OpenSessionArgs): Promise<OpenedSession> {
  const connection = await connect(args);
  const { settings, clients } = connection;
  let target = args.target;
  if (args.local && (target === undefined || target === '' || target === 'local')) target = connection.localInstanceId;
  const closeClients = () => connection.close();
  try {
    if (target === undefined || target === '') throw new SmshError('usage', 'missing target');
    const governor = createGovernor();
    const resolved = await resolveTarget(target, {
      ssm: clients.ssm,
      ec2: clients.ec2,
      governor,
      region: settings.region,
      endpointFor: (s) => clients.endpointFor(s),
      signal: args.signal,
    });
    const port = createSsmPort({ ssm: clients.ssm, governor, instanceId: resolved.instanceId });
    const session = new Session({
      port,
      clientLabel: `${safeUser()}@${hostname()}`,
      ...(args.timeout !== undefined ? { executionTimeoutSeconds: args.timeout } : {}),
    });
    await session.start(args.signal).catch((error: unknown) => {
      if (isSmshError(error)) throw error;
      throw toSmshError(error, { operation: 'ssm:SendCommand', target: resolved.instanceId, region: settings.region, endpoint: clients.endpointFor('ssm') });
    });
    return {
      session,
      instanceId: resolved.instanceId,
      name: resolved.name ?? resolved.instanceId,
      async close() {
        try {
          // end() waits for its script to run: the built-in endpoint stops with us right after.
          await session.end();
        } finally {
          await closeClients();
        }
      },
    };
  } catch (error) {
    await closeClients();
    throw error;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
