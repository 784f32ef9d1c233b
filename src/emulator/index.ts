// In-process entry point: startEmulator() for tests, benchmarks and `smsh --local`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent } from './agent.js';
import { CallCounter } from './calls.js';
import type { EmulatorContext } from './context.js';
import { createEmulatorServer } from './http/server.js';
import { randomCredentials } from './ids.js';
import { loadInstancesFile, resolveInstances, thisMachineSpec, type Instance, type InstanceSpec } from './instances.js';
import { realismFrom, type EmulatorOptions, type RealismOptions } from './options.js';
import type { WorkerLogEntry } from './pool/worker-log.js';
import type { PoolStats } from './pool/worker-pool.js';
import { Faults, type FaultCounts } from './realism/faults.js';
import { Latency } from './realism/latency.js';
import { Throttle } from './realism/throttle.js';
import { CommandStore } from './ssm/command-store.js';

export type { EmulatorOptions, FaultOptions, LatencyProfile, LatencySettings, RealismOptions, ThrottleOptions, TokenBucketSpec } from './options.js';
export type { PoolStats } from './pool/worker-pool.js';
export type { WorkerLogEntry } from './pool/worker-log.js';
export type { InstanceSpec, InstanceStateName } from './instances.js';
export { parseInstanceFlag, loadInstancesFile } from './instances.js';

/** A running emulator; stop() it when done. */
export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123 */
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountId: string;
  /**
   * The agent's data directory: `<stateDir>/<instanceId>/document/orchestration/<commandId>/…/_script.sh`
   * and `<stateDir>/<instanceId>/document/state/{pending,current}/<commandId>.<instanceId>`.
   * Removed on stop() when the emulator created it.
   */
  stateDir: string;
  /** The instances served, defaults applied. */
  instances: InstanceSpec[];
  /** Per-operation call counts ('SendCommand', 'GetCommandInvocation', 'DescribeInstances', 'GetCallerIdentity', …). */
  calls(): Record<string, number>;
  /** Forgets the call counts (fault counts are kept) and restarts the pools' peaks from their current values. */
  resetCalls(): void;
  /** Each instance's worker pool now: sizes, occupancy, peaks (the same object as GET /_smsh/calls `pool`). */
  pool(): Record<string, PoolStats>;
  /** The newest 10,000 documents that reached an instance's message loop, with pool timings (GET /_smsh/pool/log). */
  workerLog(): WorkerLogEntry[];
  /** Changes latency, throttling, faults, budgets and the agent's pool sizes at runtime. */
  configure(patch: Partial<RealismOptions>): void;
  /** Faults injected so far. */
  faults(): FaultCounts;
  /** SIGKILLs every script group, closes the server, removes the state directory. */
  stop(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host) || /^::ffff:127\./.test(host);
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts an emulator listening on `options.host:options.port` (127.0.0.1, random port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    if (!options.allowRemote) {
      throw new Error(
        `refusing to bind ${host}: the emulator runs arbitrary commands; pass --allow-remote to expose it (the allowRemote option in-process)`,
      );
    }
    process.stderr.write(
      `WARNING: smsh-emulator is listening on ${host}: anyone who can reach it and knows the credentials can run commands as ${process.env.USER ?? 'this user'}.\n`,
    );
  }
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId must be 12 digits, got '${accountId}'`);
  const credentials = options.credentials ?? randomCredentials();
  const specs: InstanceSpec[] = [...(options.instances ?? []), ...(options.instancesFile ? loadInstancesFile(options.instancesFile) : [])];
  const instances: Instance[] = resolveInstances(specs.length > 0 ? specs : [thisMachineSpec()], region);

  const ownStateDir = options.stateDir === undefined;
  const stateDir = ownStateDir ? mkdtempSync(path.join(tmpdir(), 'smsh-emulator-')) : path.resolve(options.stateDir ?? '');
  if (!ownStateDir) mkdirSync(stateDir, { recursive: true, mode: 0o700 });

  const realism = realismFrom(options);
  const latency = new Latency(realism.latency);
  const throttle = new Throttle(realism.throttle);
  const faults = new Faults(realism.faults);
  const calls = new CallCounter();
  const now = (): number => Date.now();
  const store = new CommandStore();
  const agent = new Agent({
    stateDir,
    region,
    latency,
    defaultWorkingDirectory: options.defaultWorkingDirectory ?? process.cwd(),
    executionTimeoutUnitMs: () => realism.executionTimeoutUnitMs,
    poolLimits: () => ({ workers: realism.agentWorkers, buffer: realism.agentBuffer, napMs: realism.agentNapMs }),
    instanceIds: instances.filter((i) => i.platform === 'Linux').map((i) => i.instanceId),
    now,
  });
  const ctx: EmulatorContext = {
    region,
    accountId,
    credentials,
    instances,
    instanceById: new Map(instances.map((i) => [i.instanceId, i])),
    store,
    agent,
    realism,
    startedAt: now(),
    now,
  };
  const server = createEmulatorServer({ ctx, calls, throttle, faults });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    region,
    credentials: { ...credentials },
    accountId,
    stateDir,
    instances: instances.map((i) => ({ ...i, tags: { ...i.tags } })),
    calls: () => calls.snapshot(),
    resetCalls: () => {
      calls.reset();
      agent.resetPeaks();
    },
    pool: () => agent.poolStats(),
    workerLog: () => agent.workerLog(),
    configure(patch) {
      Object.assign(realism, realismFrom({ ...realism, ...patch }));
      if ('latency' in patch) latency.set(realism.latency);
      if ('throttle' in patch) throttle.set(realism.throttle);
      if ('faults' in patch) faults.set(realism.faults);
      agent.limitsChanged();
    },
    faults: () => ({ ...faults.counts }),
    stop() {
      stopping ??= (async () => {
        await agent.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
        else agent.removeFiles(store.newestFirst());
      })();
      return stopping;
    },
  };
}
