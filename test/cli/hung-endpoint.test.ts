// Start-up against an endpoint that accepts connections and never answers: every step stops on a
// signal, and without one smsh gives up with one clear line in bounded time. Before: 4 min 41 s,
// and Ctrl+C only echoed ^C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentServer, type SilentServer } from '../helpers/silent-server.js';

const BIN = path.resolve('bin/smsh.js');
let silent: SilentServer;
let url: string;
beforeAll(async () => {
  silent = await startSilentServer();
  url = silent.url;
});
afterAll(async () => {
  await silent?.stop();
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the first signal (or the start, without signals) to the exit. */
  ms: number;
}

/** Runs smsh against the silent endpoint; once it is waiting on it (a connection arrived), sends `signals`, one every 200 ms. */
function smsh(args: string[], signals: NodeJS.Signals[] = [], stdin: 'open' | 'closed' = 'closed'): Promise<Outcome> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let from = Date.now();
    if (stdin === 'closed') child.stdin.end();
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err, ms: Date.now() - from }));
    const before = silent.accepted();
    const waiting = setInterval(() => {
      if (silent.accepted() === before || signals.length === 0) return;
      clearInterval(waiting);
      from = Date.now();
      signals.forEach((name, i) => setTimeout(() => child.kill(name), 200 * i));
    }, 20);
    child.on('close', () => clearInterval(waiting));
  });
}

describe('start-up against an endpoint that never answers', () => {
  it('SIGINT while the target is being looked up: exit 130 at once, one line', async () => {
    const r = await smsh(['web-1', '-c', 'true'], ['SIGINT']);
    expect([r.code, r.stderr]).toEqual([130, 'smsh: interrupted before the command was sent\n']);
    expect(r.ms).toBeLessThan(5_000); // not the 10 s request timeout
  });

  it('SIGTERM while the first command is being sent: exit 143 after a short grace, saying it may still run', async () => {
    const r = await smsh(['i-0123456789abcdef0', '-c', 'true'], ['SIGTERM']);
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/^smsh: interrupted before the command was confirmed sent \(SSM at http:\/\/127\.0\.0\.1:\d+ had not answered; the command may still run on i-0123456789abcdef0\)\n$/);
    expect(r.ms).toBeLessThan(8_000);
  });

  it('a second SIGINT leaves at once', async () => {
    const r = await smsh(['i-0123456789abcdef0', '-c', 'true'], ['SIGINT', 'SIGINT']);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('SIGINT while the shell session starts (stdin a pipe): exit 130', async () => {
    const r = await smsh(['i-0123456789abcdef0'], ['SIGINT'], 'open');
    expect([r.code, r.stderr]).toEqual([130, 'smsh: interrupted before the session started\n']);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('with --json the interruption is one JSON object on stdout', async () => {
    const r = await smsh(['--json', 'web-1', '-c', 'true'], ['SIGINT']);
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout)).toEqual({ error: { kind: 'interrupted', message: 'interrupted before the command was sent' }, exitCode: 130 });
    expect(r.stderr).toBe('');
  });

  it('without a signal: one line naming the endpoint after the request timeout and one retry (~20 s)', async () => {
    const r = await smsh(['i-0123456789abcdef0', '-c', 'true']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe(`smsh: the SSM endpoint ${url} accepted the connection but sent no response within 10 s (is it an SSM endpoint, or a proxy that hangs?)\n`);
    expect(r.ms).toBeLessThan(45_000);
  }, 60_000);
});
