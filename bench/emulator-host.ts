// Runs the emulator in a child process (the bench bundle itself, started with --emulator-child),
// so the emulator's HTTP serving and the engine under test do not share one event loop — as
// with the real service, which runs elsewhere. The parent talks to it over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { startEmulator, type EmulatorOptions, type PoolStats, type RealismOptions, type RunningEmulator, type WorkerLogEntry } from '../src/emulator/index.js';

export type { PoolStats, WorkerLogEntry } from '../src/emulator/index.js';

/** The flag that turns the bench bundle into an emulator host. */
export const EMULATOR_CHILD_FLAG = '--emulator-child';

type Request =
  | { id: number; op: 'calls' }
  | { id: number; op: 'reset' }
  | { id: number; op: 'pool' }
  | { id: number; op: 'worker-log' }
  | { id: number; op: 'configure'; patch: Partial<RealismOptions> }
  | { id: number; op: 'watch' }
  | { id: number; op: 'watch-read' }
  | { id: number; op: 'stop' };

/** A request without its id (the distributive Omit keeps the union's members apart). */
type Ask = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

interface Ready {
  ready: true;
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  instanceId: string;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Wall-clock times (ms since epoch) at which the emulator first saw each operation since `watch`. */
export type FirstSeen = Record<string, number>;

/** The parent's handle on an emulator host. */
export interface EmulatorHost {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  instanceId: string;
  /** Per-operation call counts, as the emulator counted them (throttled and failed requests included). */
  calls(): Promise<Record<string, number>>;
  /** Forgets the call counts and restarts the agent pool's peaks from its current occupancy. */
  resetCalls(): Promise<void>;
  /** This instance's agent worker pool now: sizes, occupancy and the peaks since the last resetCalls(). */
  pool(): Promise<PoolStats>;
  /** Every document that reached the instance's message loop (newest 10,000), with when it held a worker. */
  workerLog(): Promise<WorkerLogEntry[]>;
  configure(patch: Partial<RealismOptions>): Promise<void>;
  /**
   * Starts watching: the host checks its call counts every millisecond and notes when each
   * operation's count first grows. Read the notes with firstSeen().
   */
  watch(): Promise<void>;
  firstSeen(): Promise<FirstSeen>;
  /** Environment variables that point an AWS tool (bin/smsh.js) at this emulator. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** Forks the bench bundle as an emulator host with `options` and waits until it listens. */
export async function startEmulatorHost(options: EmulatorOptions): Promise<EmulatorHost> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot find the bench script to fork');
  const child: ChildProcess = fork(script, [EMULATOR_CHILD_FLAG, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`emulator host exited early (code ${code})`)));
    child.once('message', (m) => resolve(m as Ready));
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error('emulator host exited'));
    pending.clear();
  });
  child.on('message', (m) => {
    const reply = m as Reply;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new Error(reply.error ?? 'emulator host error'));
  });
  const ask = (req: Ask): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('emulator host exited'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...req, id });
    });

  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    region: ready.region,
    credentials: ready.credentials,
    instanceId: ready.instanceId,
    calls: async () => (await ask({ op: 'calls' })) as Record<string, number>,
    resetCalls: async () => void (await ask({ op: 'reset' })),
    pool: async () => (await ask({ op: 'pool' })) as PoolStats,
    workerLog: async () => (await ask({ op: 'worker-log' })) as WorkerLogEntry[],
    configure: async (patch) => void (await ask({ op: 'configure', patch })),
    watch: async () => void (await ask({ op: 'watch' })),
    firstSeen: async () => (await ask({ op: 'watch-read' })) as FirstSeen,
    env: () => ({
      AWS_ENDPOINT_URL: ready.url,
      AWS_ACCESS_KEY_ID: ready.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ready.credentials.secretAccessKey,
      AWS_REGION: ready.region,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        await ask({ op: 'stop' }).catch(() => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** The child side: starts the emulator and answers the parent until told to stop or orphaned. */
export async function runEmulatorChild(optionsJson: string): Promise<void> {
  const options = JSON.parse(optionsJson) as EmulatorOptions;
  const emu: RunningEmulator = await startEmulator({ ...options, host: '127.0.0.1' });
  let seen: FirstSeen = {};
  let watcher: NodeJS.Timeout | undefined;
  const stopWatch = () => {
    if (watcher) clearInterval(watcher);
    watcher = undefined;
  };
  const shutdown = async () => {
    stopWatch();
    await emu.stop();
  };
  // Orphaned (the bench died): stop, so no script survives the bench.
  process.on('disconnect', () => void shutdown().then(() => process.exit(0)));
  process.on('message', (m) => {
    const req = m as { id: number; op: string; patch?: Partial<RealismOptions> };
    const reply = (value?: unknown) => process.send?.({ id: req.id, ok: true, value } satisfies Reply);
    try {
      switch (req.op) {
        case 'calls':
          reply(emu.calls());
          break;
        case 'reset':
          emu.resetCalls();
          reply();
          break;
        case 'pool': {
          const stats = emu.pool()[emu.instances[0]!.instanceId];
          if (!stats) throw new Error('the instance has no worker pool');
          reply(stats);
          break;
        }
        case 'worker-log':
          reply(emu.workerLog());
          break;
        case 'configure':
          emu.configure(req.patch ?? {});
          reply();
          break;
        case 'watch': {
          stopWatch();
          seen = {};
          const base = emu.calls();
          watcher = setInterval(() => {
            const now = Date.now();
            for (const [op, n] of Object.entries(emu.calls())) if (n > (base[op] ?? 0) && seen[op] === undefined) seen[op] = now;
          }, 1);
          reply();
          break;
        }
        case 'watch-read':
          stopWatch();
          reply(seen);
          break;
        case 'stop':
          void shutdown().then(() => {
            reply();
            process.disconnect();
            process.exit(0);
          });
          break;
        default:
          throw new Error(`unknown op ${req.op}`);
      }
    } catch (error) {
      process.send?.({ id: req.id, ok: false, error: (error as Error).message } satisfies Reply);
    }
  });
  const ready: Ready = {
    ready: true,
    url: emu.url,
    region: emu.region,
    credentials: emu.credentials,
    instanceId: emu.instances[0]!.instanceId,
  };
  process.send?.(ready);
}
