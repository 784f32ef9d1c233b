// Engine sessions for the bench, wired the way the CLI wires them (src/cli/run-cli.ts): the
// CLI's client factory (SDK retries off), one governor, the SSM port and a Session with the
// engine's DEFAULT tuning — no test polling.
import { hostname } from 'node:os';
import { createAwsClients, type AwsClients } from '../src/aws/clients.js';
import { createGovernor, type Governor } from '../src/aws/governor.js';
import { Session, type RunOptions } from '../src/session/session.js';
import type { RunResult } from '../src/session/events.js';
import { createSsmPort, type SsmPort } from '../src/session/ssm-port.js';
import type { EmulatorHost } from './emulator-host.js';

/** One bench session and what it is made of, for call and retry counts. */
export interface BenchSession {
  session: Session;
  port: SsmPort;
  governor: Governor;
  clients: AwsClients;
  close(): Promise<void>;
}

/** Opens (starts, unless `start: false`) a session on the host's instance with engine defaults; `clientLabel` tells sessions apart in the worker log. */
export async function openSession(host: EmulatorHost, options: { oneShot?: boolean; clients?: AwsClients; start?: boolean; clientLabel?: string } = {}): Promise<BenchSession> {
  const own = options.clients === undefined;
  const clients =
    options.clients ??
    createAwsClients({ region: host.region, endpoints: { ssm: host.url, ec2: host.url, sts: host.url } }, { credentials: host.credentials });
  const governor = createGovernor();
  const port = createSsmPort({ ssm: clients.ssm, governor, instanceId: host.instanceId });
  const session = new Session({ port, clientLabel: options.clientLabel ?? `bench@${hostname()}`, ...(options.oneShot ? { oneShot: true } : {}) });
  if (!options.oneShot && options.start !== false) await session.start();
  return {
    session,
    port,
    governor,
    clients,
    async close() {
      await session.end().catch(() => undefined);
      if (own) clients.destroy();
    },
  };
}

/** Shared SDK clients for many sessions (the concurrency case). */
export function sharedClients(host: EmulatorHost): AwsClients {
  return createAwsClients({ region: host.region, endpoints: { ssm: host.url, ec2: host.url, sts: host.url } }, { credentials: host.credentials });
}

/** Runs a line, collecting stdout (and counting stderr). */
export async function runCollect(session: Session, line: string, options: Omit<RunOptions, 'onEvent'> = {}): Promise<RunResult & { stdout: Buffer; stderr: Buffer }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const result = await session.run(line, {
    ...options,
    onEvent: (e) => {
      if (e.type === 'output') (e.stream === 'stdout' ? out : err).push(e.data);
    },
  });
  return { ...result, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

/** A wall clock with sub-millisecond resolution (ms since the epoch), comparable across processes. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
