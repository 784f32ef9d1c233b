// The emulated SSM agent: picks invocations up after the delivery delay, writes _script.sh,
// runs it, turns the result into what the agent reports, and handles cancels.
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScriptExecution, type ExecutionResult } from './exec/executor.js';
import { cancelledBeforeStart, ERRNO_TEXT, failedBeforeStart, outcomeOf } from './exec/outcome.js';
import { groupStillOurs, killGroup, waitGroupsGone } from './exec/process-group.js';
import { lookPath, scriptEnvironment } from './exec/script-env.js';
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
  now: () => number;
}

/** Runs invocations; one per emulator. */
export class Agent {
  private readonly running = new Set<ScriptExecution>();
  private readonly starting = new Set<Promise<void>>();
  private readonly leftovers = new Map<number, string | undefined>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly shellPath = lookPath('sh');

  constructor(private readonly options: AgentOptions) {}

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** SendCommand reached this invocation: start it after the delivery delay. */
  deliver(inv: Invocation): void {
    inv.deliveryTimer = this.later(this.options.latency.delivery(), () => {
      inv.deliveryTimer = undefined;
      this.start(inv);
    });
  }

  /** CancelCommand reached this invocation: act on it after the delivery delay. */
  cancel(inv: Invocation): void {
    if (inv.outcome || inv.cancelRequestedAt !== undefined) return;
    inv.cancelRequestedAt = this.options.now();
    this.later(this.options.latency.delivery(), () => {
      if (inv.outcome) return;
      inv.cancelDelivered = true;
      if (inv.execution) {
        inv.execution.cancel();
        return;
      }
      if (inv.startedAt !== undefined) return; // launching: launch() applies the cancel
      if (inv.deliveryTimer) {
        clearTimeout(inv.deliveryTimer);
        this.timers.delete(inv.deliveryTimer);
        inv.deliveryTimer = undefined;
      }
      this.settle(inv, cancelledBeforeStart());
    });
  }

  private settle(inv: Invocation, outcome: InvocationOutcome): void {
    const now = this.options.now();
    inv.outcome = outcome;
    inv.endedAt = now;
    inv.reportAt = now + this.options.latency.report();
  }

  /** The orchestration directory the agent would use for this invocation. */
  private pluginDir(inv: Invocation): string {
    const plugin = inv.command.document.pluginName.replace(':', '');
    return path.join(this.options.stateDir, inv.command.commandId, inv.instance.instanceId, plugin);
  }

  private workingDirectory(inv: Invocation): string {
    const wd = inv.command.script.workingDirectory;
    if (path.isAbsolute(wd)) return wd;
    // The agent tries <orchestration>/downloads/<wd>, then falls back to its own directory.
    const downloads = path.join(this.pluginDir(inv), 'downloads', wd);
    try {
      if (wd !== '' && statSync(downloads).isDirectory()) return downloads;
    } catch {
      // fall back
    }
    return this.options.defaultWorkingDirectory;
  }

  private start(inv: Invocation): void {
    if (this.stopped || inv.outcome) return;
    inv.startedAt = this.options.now();
    const starting = this.launch(inv).catch((error: unknown) => {
      this.finishWith(inv, failedBeforeStart(`failed to run commands: ${String(error)}`));
    });
    this.starting.add(starting);
    void starting.finally(() => this.starting.delete(starting));
  }

  /** Writes _script.sh, checks the cwd, opens the pipes and spawns; a cancel that came meanwhile applies at once. */
  private async launch(inv: Invocation): Promise<void> {
    const command = inv.command;
    const dir = path.join(this.pluginDir(inv), `0.${command.document.pluginName.replace(':', '')}`);
    const scriptPath = path.join(dir, '_script.sh');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o750 });
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

  /** Deletes the directories of commands the store no longer keeps. */
  forget(commands: CommandRecord[]): void {
    for (const command of commands) rmSync(path.join(this.options.stateDir, command.commandId), { recursive: true, force: true });
  }

  /** Shutdown: no new starts, SIGKILL every running group and every group left behind, wait until they are gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const killed: number[] = [];
    const waits: Promise<unknown>[] = [...this.running].map((execution) => {
      if (execution.pid !== undefined) killed.push(execution.pid);
      execution.stop();
      return execution.done;
    });
    waits.push(...this.starting);
    for (const [pgid, startTime] of this.leftovers) {
      if (groupStillOurs(pgid, startTime) && killGroup(pgid)) killed.push(pgid);
    }
    this.leftovers.clear();
    await Promise.all(waits);
    await waitGroupsGone(killed, 2000);
  }
}
