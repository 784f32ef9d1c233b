import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesWith } from '../helpers/processes.js';
import { startEmulator } from '../../src/emulator/index.js';

const BIN = path.resolve('bin/smsh.js');
type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let linux: string;

beforeAll(async () => {
  emu = await startEmulator({
    instances: [
      { instanceId: 'i-0a1b2c3d4e5f60718', name: 'cli-box', privateIp: '10.9.8.7' },
      { instanceId: 'i-0fffffffffffffff1', name: 'win-box', platform: 'Windows' },
      { instanceId: 'i-0eeeeeeeeeeeeeee2', name: 'gone-box', pingStatus: 'ConnectionLost' },
      { instanceId: 'i-0ddddddddddddddd3', name: 'twin' },
      { instanceId: 'i-0ddddddddddddddd4', name: 'twin' },
    ],
  });
  linux = 'i-0a1b2c3d4e5f60718';
});
afterAll(async () => {
  await emu?.stop();
});

interface Outcome {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs bin/smsh.js against the emulator, the way a user would (env credentials and endpoint). */
function smsh(
  args: string[],
  opts: { stdin?: Buffer; keepStdinOpen?: boolean; env?: Record<string, string | undefined>; onSpawn?: (pid: number) => void } = {},
): Promise<Outcome> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    AWS_ENDPOINT_URL: emu.url,
    AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
    AWS_REGION: emu.region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
    opts.onSpawn?.(child.pid!);
    if (opts.keepStdinOpen) child.stdin.write(opts.stdin ?? Buffer.alloc(0));
    else if (opts.stdin) child.stdin.end(opts.stdin);
    else child.stdin.end();
  });
}


describe('smsh <target> -c', () => {
  it('prints remote stdout and stderr to local stdout and stderr and exits with the remote code', async () => {
    const r = await smsh([linux, '-c', 'echo out; echo err >&2; exit 42']);
    expect(r.stdout.toString()).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    expect(r.code).toBe(42);
  });

  it('takes the command after -- as words, and finds the instance by Name tag and by IP', async () => {
    expect((await smsh(['cli-box', '--', 'echo', 'a', 'b'])).stdout.toString()).toBe('a b\n');
    expect((await smsh(['10.9.8.7', '-c', 'echo ip'])).stdout.toString()).toBe('ip\n');
  });

  it('forwards local stdin of any size to the remote command', async () => {
    const data = randomBytes(300_000);
    const r = await smsh([linux, '-c', 'sha256sum | cut -d" " -f1'], { stdin: data });
    expect(r.stdout.toString().trim(), r.stderr).toBe(createHash('sha256').update(data).digest('hex'));
    expect(r.code).toBe(0);
  });

  it('prints one JSON result with --json', async () => {
    const r = await smsh([linux, '--json', '-c', 'echo hi; echo no >&2; exit 2']);
    const result = JSON.parse(r.stdout.toString());
    expect(result).toMatchObject({ instanceId: linux, exitCode: 2, stdout: 'hi\n', stdoutEncoding: 'utf8', stderr: 'no\n', stderrEncoding: 'utf8' });
    expect(result.commandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.code).toBe(2);
  });

  it('--json carries output that is not UTF-8 as base64, byte-exact, and says so', async () => {
    const r = await smsh([linux, '--json', '-c', "printf '\\377\\376ok'; printf 'caf\\303\\251' >&2"]);
    const result = JSON.parse(r.stdout.toString());
    expect(result).toMatchObject({ stdoutEncoding: 'base64', stderr: 'café', stderrEncoding: 'utf8' });
    expect(Buffer.from(result.stdout, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x6f, 0x6b]));
  });

  it('--json reports smsh\'s own error as one JSON object on stdout, exit 255', async () => {
    const r = await smsh(['no-such-box', '--json', '-c', 'true']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('');
    const lines = r.stdout.toString().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: { kind: 'target', message: expect.stringMatching(/no-such-box/) }, exitCode: 255 });
  });

  it('stops a command at its --timeout on the instance, TERM first, and says so in one line', async () => {
    const r = await smsh([linux, '--timeout', '5', '-c', "trap 'echo got-term; exit 143' TERM; sleep 20 & wait"]);
    expect([r.code, r.stdout.toString()]).toEqual([143, 'got-term\n']);
    expect(r.stderr).toBe('smsh: the command ran into its execution timeout (5 s) and was stopped\n');
  }, 30_000);

  it('prints everything at the end with --buffered-output', async () => {
    const r = await smsh([linux, '--buffered-output', '-c', 'echo one; sleep 0.2; echo two']);
    expect(r.stdout.toString()).toBe('one\ntwo\n');
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('cancels the remote process tree on %s and exits %i', async (signal, expected) => {
    const token = `7${Math.floor(Math.random() * 1e6)}`;
    let pid = 0;
    const pending = smsh([linux, '-c', `(sleep ${token} &); sleep ${token}`], { onSpawn: (p) => (pid = p) });
    for (let i = 0; i < 200 && processesWith(token).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(token).length).toBeGreaterThanOrEqual(2);
    process.kill(pid, signal);
    const r = await pending;
    expect(r.code).toBe(expected);
    expect(processesWith(token)).toEqual([]);
  });
});

describe('smsh <target> -c while local stdin is still open', () => {
  it('stops reading it on SIGINT and exits 130 with one line, before anything was sent', async () => {
    let pid = 0;
    const pending = smsh([linux, '-c', 'cat'], { keepStdinOpen: true, stdin: Buffer.from('partial'), onSpawn: (p) => (pid = p) });
    await new Promise((r) => setTimeout(r, 1500));
    const calls = emu.calls()['SendCommand'] ?? 0;
    process.kill(pid, 'SIGINT');
    const r = await pending;
    expect([r.code, r.stderr]).toEqual([130, 'smsh: interrupted before the command was sent\n']);
    expect(emu.calls()['SendCommand'] ?? 0).toBe(calls);
  });
});

describe('smsh <target> reading lines from a pipe', () => {
  it('cancels the running line on SIGTERM, exits 143 and leaves no process', async () => {
    const token = `8${Math.floor(Math.random() * 1e6)}`;
    let pid = 0;
    const pending = smsh([linux], { stdin: Buffer.from(`cd /tmp\nsleep ${token}\n`), keepStdinOpen: true, onSpawn: (p) => (pid = p) });
    for (let i = 0; i < 200 && processesWith(token).length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(token).length).toBeGreaterThanOrEqual(1);
    process.kill(pid, 'SIGTERM');
    const r = await pending;
    expect(r.code).toBe(143);
    expect(processesWith(token)).toEqual([]);
  });
});

describe('bad input: one line on stderr and exit 255', () => {
  it.each([
    ['an unknown name', ['no-such-box', '-c', 'true'], /no-such-box/],
    ['an unknown instance id', ['i-0123456789abcdef9', '-c', 'true'], /i-0123456789abcdef9/],
    ['an ambiguous name', ['twin', '-c', 'true'], /i-0ddddddddddddddd3[\s\S]*i-0ddddddddddddddd4/],
    ['an offline instance', ['i-0eeeeeeeeeeeeeee2', '-c', 'true'], /offline|ConnectionLost/i],
    ['a Windows instance', ['win-box', '-c', 'true'], /Windows/],
  ])('%s', async (_what, args, pattern) => {
    const r = await smsh(args);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^smsh: /);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout.toString()).toBe('');
  });

  it('no region', async () => {
    const r = await smsh([linux, '-c', 'true'], { env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined } });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^smsh: no AWS region/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad credentials', async () => {
    const r = await smsh([linux, '-c', 'true'], { env: { AWS_SECRET_ACCESS_KEY: 'wrong' } });
    expect(r.code).toBe(255);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/credential|signature/i);
  });

  it('a region the endpoint does not serve is reported as the region, not as a wrong secret key', async () => {
    const r = await smsh([linux, '--region', 'bogus-region-1', '-c', 'true']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^smsh: AWS refused region bogus-region-1 \(InvalidSignatureException\): .*check --region or AWS_REGION\n$/);
  });

  it('an unreachable endpoint', async () => {
    const r = await smsh([linux, '-c', 'true'], { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('flags', () => {
  it.each([
    ['an unknown option', ['--bogus'], "smsh: unknown option '--bogus'\n"],
    ['--endpoint-url with --local, which would ignore it', ['--local', '--endpoint-url', 'http://127.0.0.1:9', '-c', 'true'], 'smsh: --endpoint-url cannot be used with --local, which starts its own endpoint (drop one of them)\n'],
    ['a hang-up shorter than the readers\' 120 s', ['--hangup-after', '60', '-c', 'true', 'i-0a1b2c3d4e5f60718'], 'smsh: --hangup-after takes 0 (never) or whole seconds from 150 to 172800\n'],
    ['cp with --endpoint-url and --local', ['cp', '--local', '--endpoint-url', 'http://127.0.0.1:9', 'local:/etc/hostname', '/tmp/x'], 'smsh: --endpoint-url cannot be used with --local, which starts its own endpoint (drop one of them)\n'],
  ])('%s: exactly one line, exit 255', async (_what, args, line) => {
    const r = await smsh(args);
    expect([r.code, r.stdout.toString(), r.stderr]).toEqual([255, '', line]);
  });

  it('--help names smsh cp', async () => {
    const r = await smsh(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^ {2}smsh cp \[options\] <target>:<remote> <local>/m);
  });
});

describe('smsh --local', () => {
  it('runs a one-shot on this machine through the built-in endpoint', async () => {
    const r = await smsh(['--local', '-c', 'echo local; exit 5'], { env: { AWS_ENDPOINT_URL: undefined, AWS_REGION: undefined } });
    expect(r.stdout.toString()).toBe('local\n');
    expect(r.code).toBe(5);
  });

  it('without a TTY runs stdin lines in one session, so state carries, and exits with the last code', async () => {
    const r = await smsh(['--local'], { stdin: Buffer.from('cd /tmp\nexport X=kept\npwd\necho $X\nfalse\n') });
    expect(r.stdout.toString()).toBe('/tmp\nkept\n');
    expect(r.code).toBe(1);
  });
});
