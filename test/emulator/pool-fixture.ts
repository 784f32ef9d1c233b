// Fixture of the worker-pool tests: an emulator with a short nap, and gated scripts that mark
// when they start and end only when the test opens their gate (a FIFO, so nothing polls).
import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkerLogEntry } from '../../src/emulator/index.js';
import { withEmulator, type EmulatorHarness, type WithEmulatorOptions } from '../helpers/emulator.js';

/** The nap the tests use instead of the agent's 10 s. */
export const NAP_MS = 300;

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One emulator for one test, with helpers around gated scripts. */
export class PoolFixture {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'smsh-emu-pool-'));

  private constructor(readonly h: EmulatorHarness) {}

  /** Starts an emulator with latency none, no InvocationDoesNotExist window and a NAP_MS nap. */
  static async start(options: WithEmulatorOptions = {}): Promise<PoolFixture> {
    return new PoolFixture(await withEmulator({ invocationNotFoundMs: 0, agentNapMs: NAP_MS, maxAttempts: 1, ...options }));
  }

  /** The first instance's id (or the n-th). */
  instance(n = 0): string {
    return this.h.emu.instances[n]?.instanceId ?? '';
  }

  /** Sends commands to one instance, Comment `pool-test <name>`; returns the command id. */
  async send(name: string, commands: string[], instanceId = this.instance(), extra: Record<string, string[]> = {}): Promise<string> {
    const sent = await this.h.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Comment: `pool-test ${name}`,
        Parameters: { commands, ...extra },
      }),
    );
    return sent.Command?.CommandId ?? '';
  }

  /** Sends a script that marks its start, then blocks until release(name). */
  async sendGated(name: string, instanceId = this.instance(), before: string[] = []): Promise<string> {
    execFileSync('mkfifo', [this.gate(name)]);
    return this.send(name, [`: > ${this.marker(name)}`, `read x < ${this.gate(name)}`, ...before, `echo done ${name}`], instanceId);
  }

  /** Lets a started gated script finish. */
  async release(name: string): Promise<void> {
    await writeFile(this.gate(name), 'go\n');
  }

  /** Whether the gated script `name` has started. */
  started(name: string): boolean {
    return existsSync(this.marker(name));
  }

  /** Waits until the gated script `name` has started. */
  async waitStarted(name: string): Promise<void> {
    await until(() => (this.started(name) ? true : undefined));
  }

  /** GetCommandInvocation of the first instance (or `instanceId`). */
  async invocation(commandId: string, instanceId = this.instance()) {
    return this.h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
  }

  /** Waits for the invocation's status to be `status`. */
  async waitStatus(commandId: string, status: string, instanceId = this.instance()) {
    return until(async () => {
      const inv = await this.invocation(commandId, instanceId);
      return inv.Status === status ? inv : undefined;
    });
  }

  /** The worker-log entry of a command. */
  logOf(commandId: string): WorkerLogEntry | undefined {
    return this.h.emu.workerLog().find((e) => e.commandId === commandId);
  }

  /** GET /_smsh/calls over HTTP. */
  async route(): Promise<{ pool: Record<string, Record<string, number>> }> {
    return (await (await fetch(`${this.h.emu.url}/_smsh/calls`)).json()) as { pool: Record<string, Record<string, number>> };
  }

  /** Stops the emulator (killing every gated script) and removes the scratch directory. */
  async stop(): Promise<void> {
    await this.h.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private gate(name: string): string {
    return path.join(this.dir, `gate-${name}`);
  }

  private marker(name: string): string {
    return path.join(this.dir, `started-${name}`);
  }
}
