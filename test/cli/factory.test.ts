import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import type { ConnectArgs, ConnectDeps, Connection } from '../../src/cli/connect.js';
import { openTarget, withSignals } from '../../src/cli/factory.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isSmshError } from '../../src/util/smsh-error.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ latency: 'none', instances: [{ instanceId: 'i-0f0f0f0f0f0f0f0f1', name: 'factory-box' }] });
});
afterAll(async () => {
  await emu?.stop();
});

/** Connects to `server` the way --local connects to its in-process endpoint. */
function connectTo(server: RunningEmulator) {
  return async (_args: ConnectArgs, deps: ConnectDeps): Promise<Connection> => {
    const settings = { region: server.region, endpoints: { ssm: server.url, ec2: server.url, sts: server.url } };
    const clients = createAwsClients(settings, { credentials: server.credentials, ...(deps.signal ? { signal: deps.signal } : {}) });
    return { settings, clients, localInstanceId: server.instances[0]!.instanceId, close: async () => clients.destroy() };
  };
}

describe('openTarget', () => {
  it('with --local, sends the end script once when it closes (start + end: two SendCommands)', async () => {
    emu.resetCalls();
    const opened = await openTarget({ local: true }, { env: {}, connect: connectTo(emu), clientLabel: 'test@vitest' });
    expect(opened.instanceId).toBe('i-0f0f0f0f0f0f0f0f1');
    await opened.close();
    await opened.close();
    expect(emu.calls()['SendCommand']).toBe(2);
  });

  it('says in words that the endpoint went away mid-stream, naming its URL', async () => {
    const own = await startEmulator({ latency: 'none' });
    const opened = await openTarget({ local: true }, { env: {}, connect: connectTo(own), clientLabel: 'test@vitest' });
    const running = opened.session.run('sleep 3; echo late').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await own.stop();
    const error = await running;
    await opened.close();
    expect(isSmshError(error)).toBe(true);
    expect((error as Error).message).toBe(`cannot reach the SSM endpoint ${own.url.replace(/\/$/, '')}: connection refused`);
  });

  it('stops at once when its signal is aborted, and closes what it opened', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(openTarget({ local: true }, { env: {}, connect: connectTo(emu), signal: abort.signal })).rejects.toThrow();
  });
});

describe('withSignals', () => {
  it('the first signal interrupts and names the exit code, the second kills', () => {
    const source = new EventEmitter();
    const signals = withSignals(source);
    expect(signals.exitCode()).toBe(130);
    source.emit('SIGTERM', 'SIGTERM');
    expect([signals.interrupt.aborted, signals.kill.aborted, signals.exitCode()]).toEqual([true, false, 143]);
    source.emit('SIGINT', 'SIGINT');
    expect([signals.kill.aborted, signals.exitCode()]).toEqual([true, 143]);
    signals.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM') + source.listenerCount('SIGHUP')).toBe(0);
  });

  it('leaves SIGINT to the interactive shell once it owns it (Ctrl+C in a pager must not end smsh)', () => {
    const source = new EventEmitter();
    const signals = withSignals(source);
    signals.shellOwnsSigint();
    source.emit('SIGINT', 'SIGINT');
    expect(signals.interrupt.aborted).toBe(false);
    source.emit('SIGHUP', 'SIGHUP');
    expect([signals.interrupt.aborted, signals.exitCode()]).toEqual([true, 129]);
    signals.dispose();
  });
});
