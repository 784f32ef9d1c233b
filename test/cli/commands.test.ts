// The commands built by hand, as cli/cli tests its commands: in-memory IO, fake signals, and a
// fake factory, so no process, endpoint or instance is involved.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliArgs } from '../../src/cli/args.js';
import { runOneshotCommand } from '../../src/cli/commands/oneshot.js';
import type { CommandIo } from '../../src/cli/commands/io.js';
import { withSignals, type OpenedTarget } from '../../src/cli/factory.js';
import type { RunOptions } from '../../src/session/session.js';
import type { RunResult } from '../../src/session/events.js';
import { SmshError } from '../../src/util/smsh-error.js';

/** IO whose stdin is a closed pipe and whose output is collected. */
function memoryIo(): CommandIo & { out(): string; err(): string } {
  const stdin = new PassThrough();
  stdin.end();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (d: Buffer) => chunks.out.push(d));
  stderr.on('data', (d: Buffer) => chunks.err.push(d));
  return { stdin, stdout, stderr, out: () => Buffer.concat(chunks.out).toString(), err: () => Buffer.concat(chunks.err).toString() };
}

const args = (extra: Partial<CliArgs> = {}): CliArgs & { command: string } => ({
  target: 'i-0123456789abcdef0',
  command: 'echo hi',
  local: false,
  bufferedOutput: false,
  json: false,
  noStdin: false,
  version: false,
  ...extra,
});

/** A target whose session runs lines with `run`; `abandon` rejects a run in flight. */
function fakeTarget(run: (line: string, o: RunOptions, abandoned: AbortSignal) => Promise<RunResult>): { opened: OpenedTarget; closed: () => boolean } {
  const leave = new AbortController();
  let closed = false;
  const opened = {
    session: { run: (line: string, o: RunOptions = {}) => run(line, o, leave.signal) },
    instanceId: 'i-0123456789abcdef0',
    name: 'web-1',
    connection: { clients: { endpointFor: () => 'https://ssm.example' } },
    explain: async (error: unknown) => error as Error,
    abandon: () => leave.abort(),
    close: async () => void (closed = true),
  } as unknown as OpenedTarget;
  return { opened, closed: () => closed };
}

const result = (exitCode: number): RunResult => ({ exitCode, cancelled: false, commandId: 'c-1', bytes: { stdout: 0, stderr: 0 }, startedAt: 0, endedAt: 1 });

describe('runOneshotCommand', () => {
  it('streams the output, exits with the remote code and closes the target', async () => {
    const io = memoryIo();
    const target = fakeTarget(async (_line, o) => {
      o.onEvent?.({ type: 'status', phase: 'sent', commandId: 'c-1' });
      o.onEvent?.({ type: 'output', stream: 'stdout', data: Buffer.from('hi\n') });
      return result(7);
    });
    const code = await runOneshotCommand({ args: args(), io, env: {}, signals: withSignals(new EventEmitter()), open: async () => target.opened });
    expect([code, io.out(), io.err(), target.closed()]).toEqual([7, 'hi\n', '', true]);
  });

  it('reports a failure to open as one line, or with --json as one object on stdout', async () => {
    const fail = async () => {
      throw new SmshError('target', 'no-box: no such instance');
    };
    const plain = memoryIo();
    expect(await runOneshotCommand({ args: args(), io: plain, env: {}, signals: withSignals(new EventEmitter()), open: fail })).toBe(255);
    expect([plain.out(), plain.err()]).toEqual(['', 'smsh: no-box: no such instance\n']);
    const json = memoryIo();
    expect(await runOneshotCommand({ args: args({ json: true }), io: json, env: {}, signals: withSignals(new EventEmitter()), open: fail })).toBe(255);
    expect(JSON.parse(json.out())).toEqual({ error: { kind: 'target', message: 'no-box: no such instance' }, exitCode: 255 });
  });

  it('leaves after the grace when SendCommand never answers an interrupt, with the signal\'s exit code', async () => {
    const io = memoryIo();
    const source = new EventEmitter();
    const target = fakeTarget(
      (_line, _o, abandoned) => new Promise((_resolve, reject) => abandoned.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))),
    );
    const pending = runOneshotCommand({ args: args(), io, env: {}, signals: withSignals(source), open: async () => target.opened, sendGraceMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.emit('SIGTERM', 'SIGTERM');
    expect(await pending).toBe(143);
    expect(io.err()).toMatch(/^smsh: interrupted before the command was confirmed sent \(SSM at https:\/\/ssm\.example had not answered; the command may still run on i-0123456789abcdef0\)\n$/);
    expect(target.closed()).toBe(true);
  });

  it('once the command was sent, an interrupt is the engine\'s to handle (no abandoning)', async () => {
    const io = memoryIo();
    const source = new EventEmitter();
    let abandoned = false;
    const target = fakeTarget(async (_line, o, leave) => {
      leave.addEventListener('abort', () => (abandoned = true));
      o.onEvent?.({ type: 'status', phase: 'sent', commandId: 'c-1' });
      await new Promise((resolve) => o.signal?.addEventListener('abort', resolve));
      return { ...result(143), cancelled: true };
    });
    const pending = runOneshotCommand({ args: args(), io, env: {}, signals: withSignals(source), open: async () => target.opened, sendGraceMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.emit('SIGINT', 'SIGINT');
    expect(await pending).toBe(130);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abandoned).toBe(false);
  });
});
