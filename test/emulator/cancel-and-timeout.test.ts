import { CancelCommandCommand, GetCommandInvocationCommand, ListCommandsCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveGroupMembers } from '../../src/emulator/exec/process-group.js';
import { waitForInvocation, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until the group has no live process left. Zombies do not count: where PID 1 does not
 * reap orphans (some containers), kill(-pgid, 0) keeps succeeding on a dead group.
 */
async function groupGone(pgid: number): Promise<boolean> {
  return until(() => ((liveGroupMembers(pgid) ?? []).length === 0 ? true : undefined), 3000);
}

describe('cancel and execution timeout', () => {
  let h: EmulatorHarness;
  let id: string;
  let scratch: string;
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'smsh-emu-cancel-'));
    // One emulated second lasts 100 ms, so executionTimeout '5' fires after 0.5 s.
    h = await withEmulator({ invocationNotFoundMs: 0, executionTimeoutUnitMs: 100 });
    id = h.emu.instances[0]?.instanceId ?? '';
  });
  afterAll(async () => {
    await h.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function send(commands: string[], extra: Record<string, string[]> = {}): Promise<string> {
    const sent = await h.ssm.send(
      new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [id], Parameters: { commands, ...extra } }),
    );
    return sent.Command?.CommandId ?? '';
  }

  /** A script that records its process group, then sleeps with a child in the same group. */
  function sleeper(name: string, seconds = 600): { commands: string[]; pgidFile: string } {
    const pgidFile = path.join(scratch, name);
    return { pgidFile, commands: [`cut -d' ' -f5 /proc/self/stat > ${pgidFile}.tmp && mv ${pgidFile}.tmp ${pgidFile}`, `sleep ${seconds}`] };
  }

  it('cancels `sleep 600`: Cancelled, ResponseCode 137, and no process of the group left', async () => {
    const { commands, pgidFile } = sleeper('cancel');
    const commandId = await send(commands);
    const pgid = await until(() => (existsSync(pgidFile) ? Number(readFileSync(pgidFile, 'utf8')) : undefined));
    expect((liveGroupMembers(pgid) ?? []).length).toBeGreaterThan(0);
    expect(await h.ssm.send(new CancelCommandCommand({ CommandId: commandId }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    const result = await waitForInvocation(h.ssm, commandId, id);
    expect(result).toMatchObject({ Status: 'Cancelled', StatusDetails: 'Cancelled', ResponseCode: 137 });
    expect(await groupGone(pgid)).toBe(true);
    const listed = await h.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    expect(listed.Commands?.[0]?.Status).toBe('Cancelled');
  });

  it('times out after executionTimeout: TimedOut, ExecutionTimedOut, 137, group killed', async () => {
    const { commands, pgidFile } = sleeper('timeout');
    const started = Date.now();
    const commandId = await send(commands, { executionTimeout: ['5'] });
    const result = await waitForInvocation(h.ssm, commandId, id);
    expect(result).toMatchObject({ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ResponseCode: 137 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await groupGone(Number(readFileSync(pgidFile, 'utf8')))).toBe(true);
    expect((await h.ssm.send(new ListCommandsCommand({ CommandId: commandId }))).Commands?.[0]?.Status).toBe('Failed');
  });

  it('keeps the output printed before a timeout', async () => {
    const commandId = await send(['echo before', 'sleep 600'], { executionTimeout: ['5'] });
    const result = await waitForInvocation(h.ssm, commandId, id);
    expect(result).toMatchObject({ Status: 'TimedOut', StandardOutputContent: 'before\n', StandardErrorContent: '' });
  });

  it('waits for a background child that holds the output pipe, like cmd.Wait()', async () => {
    const started = Date.now();
    const commandId = await send(['sleep 0.7 &', 'echo parent done']);
    await new Promise((r) => setTimeout(r, 300));
    const during = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
    expect(during.Status).toBe('InProgress');
    const result = await waitForInvocation(h.ssm, commandId, id);
    expect(result).toMatchObject({ Status: 'Success', StandardOutputContent: 'parent done\n' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });

  it('times out a finished script whose background child keeps the pipe open, killing the child', async () => {
    const { commands, pgidFile } = sleeper('holder');
    const commandId = await send([`(${commands.join('; ')}) &`, 'echo left'], { executionTimeout: ['5'] });
    const result = await waitForInvocation(h.ssm, commandId, id);
    expect(result).toMatchObject({ Status: 'TimedOut', ResponseCode: 137, StandardOutputContent: 'left\n' });
    expect(await groupGone(Number(readFileSync(pgidFile, 'utf8')))).toBe(true);
  });

  it('finishes at once when the background child redirected its output, and stop() kills the leftover', async () => {
    const { commands, pgidFile } = sleeper('detached');
    const emu2 = await withEmulator({ invocationNotFoundMs: 0 });
    const id2 = emu2.emu.instances[0]?.instanceId ?? '';
    const sent = await emu2.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [id2],
        Parameters: { commands: [`(${commands.join('; ')}) >/dev/null 2>&1 &`, 'echo quick'] },
      }),
    );
    const result = await waitForInvocation(emu2.ssm, sent.Command?.CommandId ?? '', id2);
    expect(result).toMatchObject({ Status: 'Success', StandardOutputContent: 'quick\n' });
    const pgid = await until(() => (existsSync(pgidFile) ? Number(readFileSync(pgidFile, 'utf8')) : undefined));
    expect((liveGroupMembers(pgid) ?? []).length).toBeGreaterThan(0);
    await emu2.stop();
    expect(await groupGone(pgid)).toBe(true);
  });

  it('cancels an invocation still Pending: Cancelled with ResponseCode -1, nothing ran', async () => {
    const slow = await withEmulator({ invocationNotFoundMs: 0, latency: { deliveryMs: 400, deliveryJitterMs: 0, reportMs: 0, reportJitterMs: 0 } });
    try {
      const id2 = slow.emu.instances[0]?.instanceId ?? '';
      const marker = path.join(scratch, 'pending-ran');
      const sent = await slow.ssm.send(
        new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [id2], Parameters: { commands: [`touch ${marker}`] } }),
      );
      const commandId = sent.Command?.CommandId ?? '';
      // The command's 400 ms delivery delay was drawn at SendCommand; the cancel, sent with no
      // delay, reaches the agent first.
      slow.emu.configure({ latency: 'none' });
      await slow.ssm.send(new CancelCommandCommand({ CommandId: commandId }));
      const cancelling = await slow.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id2 }));
      expect(['Cancelling', 'Cancelled']).toContain(cancelling.Status);
      const result = await waitForInvocation(slow.ssm, commandId, id2);
      expect(result).toMatchObject({ Status: 'Cancelled', ResponseCode: -1, ExecutionStartDateTime: '' });
      await new Promise((r) => setTimeout(r, 500));
      expect(existsSync(marker)).toBe(false);
    } finally {
      await slow.stop();
    }
  });

  it('shows Cancelling until the agent has acted on the cancel', async () => {
    const commandId = await send(['sleep 600']);
    await until(async () => {
      const inv = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
      return inv.Status === 'InProgress' ? true : undefined;
    });
    h.emu.configure({ latency: { deliveryMs: 300, deliveryJitterMs: 0, reportMs: 0, reportJitterMs: 0 } });
    try {
      await h.ssm.send(new CancelCommandCommand({ CommandId: commandId }));
      const inv = await h.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }));
      expect(inv).toMatchObject({ Status: 'Cancelling', StatusDetails: 'Cancelling', ResponseCode: -1 });
      const listed = await h.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
      expect(listed.Commands?.[0]?.Status).toBe('Cancelling');
      expect(await waitForInvocation(h.ssm, commandId, id)).toMatchObject({ Status: 'Cancelled', ResponseCode: 137 });
    } finally {
      h.emu.configure({ latency: 'none' });
    }
  });

  it('leaves a finished invocation alone when cancelled afterwards', async () => {
    const commandId = await send(['echo done']);
    await waitForInvocation(h.ssm, commandId, id);
    await h.ssm.send(new CancelCommandCommand({ CommandId: commandId }));
    expect(await waitForInvocation(h.ssm, commandId, id)).toMatchObject({ Status: 'Success', StandardOutputContent: 'done\n' });
  });
});
