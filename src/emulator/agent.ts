// The emulated SSM agent: after the delivery delay each invocation's message reaches its
// instance's message loop and worker pool (pool/worker-pool.ts); a worker writes _script.sh,
// runs it, and the result becomes what the agent reports. Cancels travel the same loop.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScriptExecution, type ExecutionResult } from './exec/executor.js';
import { cancelledBeforeStart, ERRNO_TEXT, failedBeforeStart, outcomeOf } from './exec/outcome.js';
import { groupStillOurs, killGroup, waitGroupsGone } from './exec/process-group.js';
import { lookPath, scriptEnvironment } from './exec/script-env.js';
import { DocStateFiles, type DocKey } from './pool/doc-state-files.js';
import { InstancePool, type PoolLimits, type PoolStats } from './pool/worker-pool.js';
import { WorkerLog, type WorkerLogEntry } from './pool/worker-log.js';
import type { Latency } from './realism/latency.js';
import type { CommandRecord, Invocation, InvocationOutcome } from './ssm/command-store.js';
import { executionTimeoutSeconds } from './ssm/documents.js';

/** What the agent needs from the emulator. */
export interface AgentOptions {
  stateDir: string;
  region: string;
  latency: Latency;
  /** cwd for a workingDirectory that is not absolute. */
  defaultWorkingDirectory: string;
  /** Milliseconds per second of executionTimeout (a test knob, normally 1000). */
  executionTimeoutUnitMs: () => number;
  /** Worker pool sizes and nap, read at every decision so configure() applies at once. */
  poolLimits: () => PoolLimits;
  /** Instances whose pools exist from the start (others get one on first use). */
  instanceIds?: readonly string[];
  now: () => number;
}

function keyOf(inv: Invocation): DocKey {
  return { commandId: inv.command.commandId, instanceId: inv.instance.instanceId };
}

/** Runs invocations; one per emulator, with one message loop and worker pool per instance. */
export class Agent {
  /** The agent's on-disk layout (scripts and document state files). */
  readonly files: DocStateFiles;
  private readonly running = new Set<ScriptExecution>();
  private readonly runs = new Set<Promise<void>>();
  private readonly leftovers = new Map<number, string | undefined>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pools = new Map<string, InstancePool<Invocation>>();
  private readonly log = new WorkerLog();
  private stopped = false;
  private readonly shellPath = lookPath('sh');

  constructor(private readonly options: AgentOptions) {
    this.files = new DocStateFiles(options.stateDir);
    for (const id of options.instanceIds ?? []) this.poolOf(id);
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** SendCommand reached this invocation: its message reaches the instance after the delivery delay. */
  deliver(inv: Invocation): void {
    inv.deliveryTimer = this.later(this.options.latency.delivery(), () => {
      inv.deliveryTimer = undefined;
      if (this.stopped || inv.outcome) return;
      inv.poolEntry = this.log.open({ ...keyOf(inv), comment: inv.command.comment, deliveredAt: this.options.now() });
      this.poolOf(inv.instance.instanceId).deliver(inv);
    });
  }

  /** CancelCommand reached this invocation: after the delivery delay, the service or the agent acts on it. */
  cancel(inv: Invocation): void {
    if (inv.outcome || inv.cancelRequestedAt !== undefined) return;
    inv.cancelRequestedAt = this.options.now();
    this.later(this.options.latency.delivery(), () => {
      if (inv.outcome) return;
      if (inv.deliveryTimer) {
        // Not delivered yet: the service cancels it; it never reaches the instance.
        clearTimeout(inv.deliveryTimer);
        this.timers.delete(inv.deliveryTimer);
        inv.deliveryTimer = undefined;
        inv.cancelDelivered = true;
        this.settle(inv, cancelledBeforeStart());
        return;
      }
      this.poolOf(inv.instance.instanceId).cancel(inv);
    });
  }

  /** Occupancy of every instance's pool, by instance id. */
  poolStats(): Record<string, PoolStats> {
    return Object.fromEntries([...this.pools].map(([id, pool]) => [id, pool.stats()]));
  }

  /** Restarts every pool's peaks from the current values. */
  resetPeaks(): void {
    for (const pool of this.pools.values()) pool.resetPeaks();
  }

  /** configure() changed the pool limits: raised workers take buffered documents at once. */
  limitsChanged(): void {
    for (const pool of this.pools.values()) pool.limitsChanged();
  }

  /** The newest documents that reached a message loop, with their pool timings. */
  workerLog(): WorkerLogEntry[] {
    return this.log.snapshot();
  }

  private poolOf(instanceId: string): InstancePool<Invocation> {
    let pool = this.pools.get(instanceId);
    if (!pool) {
      pool = new InstancePool<Invocation>({
        limits: this.options.poolLimits,
        submitted: (inv) => {
          inv.acceptedAt = this.options.now();
          this.files.submit(keyOf(inv), inv.command.document.name);
        },
        buffered: (inv) => {
          if (inv.poolEntry) inv.poolEntry.bufferedAt = this.options.now();
        },
        run: (inv) => this.run(inv),
        cancelBuffered: (inv) => {
          this.files.drop(keyOf(inv));
          inv.cancelDelivered = true;
          if (inv.poolEntry) Object.assign(inv.poolEntry, { endedAt: this.options.now(), cancelled: true });
          this.settle(inv, cancelledBeforeStart());
        },
        cancelRunning: (inv) => {
          inv.cancelDelivered = true;
          if (inv.poolEntry) inv.poolEntry.cancelled = true;
          inv.execution?.cancel(); // still launching: launch() applies the cancel
        },
      });
      this.pools.set(instanceId, pool);
    }
    return pool;
  }

  private settle(inv: Invocation, outcome: InvocationOutcome): void {
    const now = this.options.now();
    inv.outcome = outcome;
    inv.endedAt = now;
    inv.reportAt = now + this.options.latency.report();
  }

  private workingDirectory(inv: Invocation): string {
    const wd = inv.command.script.workingDirectory;
    if (path.isAbsolute(wd)) return wd;
    // The agent tries <orchestration>/downloads/<wd>, then falls back to its own directory.
    const downloads = path.join(this.files.pluginDir(keyOf(inv), inv.command.document.pluginName), 'downloads', wd);
    try {
      if (wd !== '' && statSync(downloads).isDirectory()) return downloads;
    } catch {
      // fall back
    }
    return this.options.defaultWorkingDirectory;
  }

  /** A worker took the invocation (processCommand): pending/ → current/, run, free the worker at the end. */
  private run(inv: Invocation): Promise<void> {
    const key = keyOf(inv);
    this.files.take(key);
    inv.startedAt = this.options.now();
    if (inv.poolEntry) inv.poolEntry.startedAt = inv.startedAt;
    const run = this.launch(inv)
      .catch((error: unknown) => this.finishWith(inv, failedBeforeStart(`failed to run commands: ${String(error)}`)))
      .finally(() => {
        this.files.finish(key);
        if (inv.poolEntry) inv.poolEntry.endedAt = this.options.now();
        this.runs.delete(run);
      });
    this.runs.add(run);
    return run;
  }

  /** Writes _script.sh, checks the cwd, opens the pipes and spawns; a cancel that came meanwhile applies at once. */
  private async launch(inv: Invocation): Promise<void> {
    if (this.stopped) return;
    const command = inv.command;
    const dir = this.files.stepDir(keyOf(inv), command.document.pluginName);
    const scriptPath = path.join(dir, '_script.sh');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(scriptPath, `${command.script.commands.join('\n')}\n`, { mode: 0o700 });
      chmodSync(scriptPath, 0o700);
    } catch (error) {
      this.finishWith(inv, failedBeforeStart(`failed to create script file. ${String(error)}`));
      return;
    }
    const cwd = this.workingDirectory(inv);
    try {
      if (!statSync(cwd).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      this.finishWith(inv, failedBeforeStart(`failed to run commands: fork/exec ${this.shellPath}: ${ERRNO_TEXT[code] ?? code}`));
      return;
    }
    const timeoutSeconds = executionTimeoutSeconds(command.script.executionTimeout);
    const execution = await ScriptExecution.start({
      scriptPath,
      cwd,
      pipeDir: dir,
      env: scriptEnvironment(process.env, {
        SSM_COMMAND_ID: command.commandId,
        AWS_SSM_INSTANCE_ID: inv.instance.instanceId,
        AWS_SSM_REGION_NAME: this.options.region,
        AWS_SSM_PLATFORM_NAME: inv.instance.platformName,
        AWS_SSM_PLATFORM_VERSION: inv.instance.platformVersion,
      }),
      // The executionTimeout clock starts here, when the script starts, not when it was buffered.
      timeoutMs: timeoutSeconds * this.options.executionTimeoutUnitMs(),
    });
    inv.execution = execution;
    this.running.add(execution);
    if (this.stopped) execution.stop();
    else if (inv.cancelDelivered) execution.cancel();
    const result = await execution.done;
    this.running.delete(execution);
    inv.execution = undefined;
    if (execution.pid !== undefined && result.end === 'exited') this.rememberGroup(execution.pid, execution.leaderStartTime);
    if (result.end === 'start-failed') result.startError = `failed to run commands: ${result.startError ?? 'start failed'}`;
    if (result.end !== 'stopped') this.finishWith(inv, result);
  }

  private finishWith(inv: Invocation, result: ExecutionResult): void {
    this.settle(inv, outcomeOf(result, inv.cancelRequestedAt !== undefined));
  }

  /** Background children that kept no pipe open may outlive the script, as on a real instance. */
  private rememberGroup(pgid: number, startTime: string | undefined): void {
    for (const old of this.leftovers.keys()) {
      try {
        process.kill(-old, 0);
      } catch {
        this.leftovers.delete(old);
      }
    }
    try {
      process.kill(-pgid, 0);
      this.leftovers.set(pgid, startTime);
    } catch {
      // nothing left of that group
    }
  }

  /** Deletes the orchestration directories of commands the store no longer keeps (all finished). */
  forget(commands: CommandRecord[]): void {
    for (const command of commands) for (const inv of command.invocations) this.files.removeOwned(keyOf(inv));
  }

  /** At shutdown in a state directory the emulator did not create: removes only what its commands own. */
  removeFiles(commands: CommandRecord[]): void {
    this.forget(commands);
    for (const id of new Set(commands.flatMap((c) => c.invocations.map((inv) => inv.instance.instanceId)))) this.files.removeEmptyDirs(id);
  }

  /** Shutdown: no new starts or naps, SIGKILL every running group and every group left behind, wait until they are gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const pool of this.pools.values()) pool.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const killed: number[] = [];
    const waits: Promise<unknown>[] = [...this.running].map((execution) => {
      if (execution.pid !== undefined) killed.push(execution.pid);
      execution.stop();
      return execution.done;
    });
    waits.push(...this.runs);
    for (const [pgid, startTime] of this.leftovers) {
      if (groupStillOurs(pgid, startTime) && killGroup(pgid)) killed.push(pgid);
    }
    this.leftovers.clear();
    await Promise.all(waits);
    await waitGroupsGone(killed, 2000);
  }
}
