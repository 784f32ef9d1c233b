import { describe, expect, it } from 'vitest';
import { parseCli, parseFaults, parseLatency, parseThrottle } from '../../src/emulator/cli-args.js';
import { realismFrom } from '../../src/emulator/options.js';
import { InstancePool, type PoolLimits } from '../../src/emulator/pool/worker-pool.js';
import { wildcardToRegExp } from '../../src/emulator/ec2/wildcard.js';
import { OutputCapture, pluginOutput } from '../../src/emulator/exec/output-capture.js';
import { parseInstanceFlag, resolveInstance } from '../../src/emulator/instances.js';
import { Throttle } from '../../src/emulator/realism/throttle.js';
import { executionTimeoutSeconds } from '../../src/emulator/ssm/documents.js';
import { isoDuration } from '../../src/emulator/time-format.js';

describe('output capture (the agent ReadPrefix)', () => {
  it.each([
    [0, 0],
    [23_999, 23_999],
    [24_000, 24_000],
    [100_000, 24_000],
  ])('keeps %i bytes as %i bytes', (size, kept) => {
    const capture = new OutputCapture(24_000);
    for (let left = size; left > 0; left -= 7000) capture.append(Buffer.alloc(Math.min(7000, left), 'x'));
    const out = capture.truncated();
    expect(out.length).toBe(kept);
    expect(capture.totalBytes).toBe(size);
    if (size >= 24_000) expect(out.subarray(-20).toString()).toBe('--output truncated--');
  });
});

describe('plugin Output (the agent TruncateOutput, 2,500 bytes)', () => {
  const b = (n: number, c: string): Buffer => Buffer.alloc(n, c);
  it('joins stdout and stderr with the error title when they fit', () => {
    expect(pluginOutput(Buffer.from('out'), Buffer.from('err')).toString()).toBe('out\n----------ERROR-------\nerr');
    expect(pluginOutput(Buffer.from('out'), Buffer.alloc(0)).toString()).toBe('out');
  });
  it('cuts both halves when both are long', () => {
    const out = pluginOutput(b(5000, 'o'), b(5000, 'e')).toString();
    expect(out.length).toBeLessThanOrEqual(2500);
    expect(out).toContain('\n---Output truncated---\n----------ERROR-------\n');
    expect(out.endsWith('\n---Error truncated----')).toBe(true);
  });
  it('cuts only stderr when stdout is short, only stdout when stderr is short', () => {
    expect(pluginOutput(b(10, 'o'), b(5000, 'e')).toString()).toMatch(/^o{10}\n-{10}ERROR-{7}\ne+\n---Error truncated----$/);
    expect(pluginOutput(b(5000, 'o'), b(10, 'e')).toString()).toMatch(/^o+\n---Output truncated---\n-{10}ERROR-{7}\ne{10}$/);
    expect(pluginOutput(b(10, 'o'), b(5000, 'e')).length).toBe(2500);
  });
});

describe('executionTimeout (the agent ValidateExecutionTimeout)', () => {
  it.each([
    ['5', 5],
    ['172800', 172_800],
    ['3600', 3600],
    ['4', 3600],
    ['172801', 3600],
    ['0', 3600],
    ['-5', 3600],
    ['abc', 3600],
    ['', 3600],
  ])('takes %j as %i seconds', (text, seconds) => {
    expect(executionTimeoutSeconds(text)).toBe(seconds);
  });
});

describe('ExecutionElapsedTime (java.time.Duration#toString)', () => {
  it.each([
    [91, 'PT0.091S'],
    [0, 'PT0S'],
    [1500, 'PT1.5S'],
    [60_000, 'PT1M'],
    [65_200, 'PT1M5.2S'],
    [3_661_000, 'PT1H1M1S'],
  ])('prints %i ms as %s', (ms, text) => {
    expect(isoDuration(ms)).toBe(text);
  });
});

describe('EC2 filter wildcards', () => {
  it('matches * and ? and honours escapes', () => {
    expect(wildcardToRegExp('web-*').test('web-12')).toBe(true);
    expect(wildcardToRegExp('web-?').test('web-12')).toBe(false);
    expect(wildcardToRegExp('a\\*b').test('a*b')).toBe(true);
    expect(wildcardToRegExp('a\\*b').test('axb')).toBe(false);
    expect(wildcardToRegExp('10.0.0.1').test('10.0.0.12')).toBe(false);
    expect(wildcardToRegExp('1.2.3.4').test('1x2x3x4')).toBe(false);
  });
});

describe('token buckets', () => {
  it('allows a burst, then the refill rate', () => {
    let now = 0;
    const t = new Throttle({ SendCommand: { ratePerSec: 2, burst: 2 } }, () => now);
    expect([t.take('SendCommand'), t.take('SendCommand'), t.take('SendCommand')]).toEqual([true, true, false]);
    now = 500;
    expect([t.take('SendCommand'), t.take('SendCommand')]).toEqual([true, false]);
    expect(t.take('ListCommands')).toBe(true);
  });
});

describe('instance specs', () => {
  it('parses --instance flags', () => {
    expect(parseInstanceFlag('i-0123456789abcdef0,name=web,privateIp=10.0.0.5,tag:env=prod,platform=Windows,ping=ConnectionLost,state=stopped')).toEqual({
      instanceId: 'i-0123456789abcdef0',
      name: 'web',
      privateIp: '10.0.0.5',
      platform: 'Windows',
      pingStatus: 'ConnectionLost',
      state: 'stopped',
      tags: { env: 'prod' },
    });
    expect(() => parseInstanceFlag('i-0123456789abcdef0,colour=red')).toThrow(/unknown key/);
  });

  it('fills defaults and refuses bad ids', () => {
    const i = resolveInstance({ instanceId: 'mi-0123456789abcdef0', name: 'onprem' }, 'eu-west-1');
    expect(i).toMatchObject({ resourceType: 'ManagedInstance', platform: 'Linux', pingStatus: 'Online', state: 'running', tags: { Name: 'onprem' } });
    expect(i.privateDns).toMatch(/^ip-10-\d+-\d+-\d+\.eu-west-1\.compute\.internal$/);
    expect(resolveInstance({ instanceId: 'i-01234567', state: 'stopped' }, 'us-east-1').pingStatus).toBe('ConnectionLost');
    expect(() => resolveInstance({ instanceId: 'i-xyz' }, 'us-east-1')).toThrow(/invalid instanceId/);
  });
});

describe('smsh-emulator flags', () => {
  it('parses every option', () => {
    const parsed = parseCli([
      '--host=127.0.0.2',
      '--port=4566',
      '--region=eu-west-1',
      '--access-key-id=AKIAEXAMPLE',
      '--secret-access-key=secret',
      '--account-id=111122223333',
      '--instance=i-0123456789abcdef0,name=a',
      '--instance=i-0123456789abcdef1,name=b',
      '--latency=realistic',
      '--invocation-not-found-ms=0',
      '--throttle=default=20:40,SendCommand=5',
      '--faults=internal=0.1,drop=0.05,seed=7,ops=SendCommand+ListCommands',
      '--max-parameter-bytes=1000',
      '--state-dir=/tmp/x',
    ]);
    expect(parsed).toEqual({
      help: false,
      options: {
        host: '127.0.0.2',
        port: 4566,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
        accountId: '111122223333',
        instances: [
          { instanceId: 'i-0123456789abcdef0', name: 'a' },
          { instanceId: 'i-0123456789abcdef1', name: 'b' },
        ],
        latency: 'realistic',
        invocationNotFoundMs: 0,
        throttle: { default: { ratePerSec: 20, burst: 40 }, SendCommand: { ratePerSec: 5, burst: 5 } },
        faults: { internalErrorRate: 0.1, dropConnectionRate: 0.05, seed: 7, operations: ['SendCommand', 'ListCommands'] },
        maxParameterBytes: 1000,
        stateDir: '/tmp/x',
      },
    });
  });

  it('parses explicit latency values and rejects nonsense', () => {
    expect(parseLatency('delivery=100,deliveryJitter=10,report=50,reportJitterMs=5')).toEqual({
      deliveryMs: 100,
      deliveryJitterMs: 10,
      reportMs: 50,
      reportJitterMs: 5,
    });
    expect(() => parseLatency('fast')).toThrow();
    expect(() => parseThrottle('SendCommand')).toThrow();
    expect(() => parseFaults('boom=1')).toThrow();
    expect(() => parseCli(['--access-key-id=x'])).toThrow(/go together/);
    expect(() => parseCli(['--bogus'])).toThrow();
    expect(parseCli(['-h'])).toEqual({ help: true });
  });
});

describe('worker pool flags and options', () => {
  it('parses --agent-workers, --agent-buffer and --agent-nap-ms', () => {
    expect(parseCli(['--agent-workers=2', '--agent-buffer', '0', '--agent-nap-ms=250'])).toEqual({
      help: false,
      options: { agentWorkers: 2, agentBuffer: 0, agentNapMs: 250 },
    });
  });

  it.each([
    ['--agent-workers=0', /--agent-workers must be an integer ≥ 1/],
    ['--agent-workers=1.5', /--agent-workers must be an integer/],
    ['--agent-buffer=-1', /--agent-buffer must be an integer ≥ 0/],
    ['--agent-nap-ms=soon', /--agent-nap-ms: expected a number/],
  ])('rejects %s', (flag, message) => {
    expect(() => parseCli([flag])).toThrow(message);
  });

  it('defaults to the agent: 5 workers, 5 buffered, a 10 s nap; and checks the options', () => {
    expect(realismFrom({})).toMatchObject({ agentWorkers: 5, agentBuffer: 5, agentNapMs: 10_000 });
    expect(() => realismFrom({ agentWorkers: 0 })).toThrow(RangeError);
    expect(() => realismFrom({ agentBuffer: Number.NaN })).toThrow(RangeError);
  });
});

describe('the instance pool on its own (fake documents)', () => {
  function harness(limits: PoolLimits) {
    const events: string[] = [];
    const finishers = new Map<string, () => void>();
    const pool = new InstancePool<string>({
      limits: () => limits,
      submitted: (d) => events.push(`submit ${d}`),
      buffered: (d) => events.push(`buffer ${d}`),
      run: (d) => {
        events.push(`run ${d}`);
        return new Promise<void>((resolve) => finishers.set(d, resolve));
      },
      cancelBuffered: (d) => events.push(`drop ${d}`),
      cancelRunning: (d) => events.push(`kill ${d}`),
    });
    const finish = async (d: string) => {
      finishers.get(d)?.();
      await new Promise((r) => setImmediate(r));
    };
    return { pool, events, finish };
  }

  it('runs, buffers, then naps; a freed worker takes the oldest buffered document', async () => {
    const { pool, events, finish } = harness({ workers: 1, buffer: 1, napMs: 60_000 });
    for (const d of ['a', 'b', 'c']) pool.deliver(d);
    expect(events).toEqual(['submit a', 'run a', 'submit b', 'buffer b']);
    expect(pool.stats()).toMatchObject({ busy: 1, buffered: 1, waiting: 1 });
    pool.cancel('a');
    expect(events).toHaveLength(4); // the cancel waits behind the napping c
    await finish('a');
    expect(events.slice(4)).toEqual(['run b']);
    expect(pool.stats()).toMatchObject({ busy: 1, buffered: 0, waiting: 1, peakWaiting: 1 });
    pool.resetPeaks();
    expect(pool.stats()).toMatchObject({ peakBusy: 1, peakBuffered: 0, peakWaiting: 1 });
    pool.stop();
    expect(pool.stats()).toMatchObject({ waiting: 0, buffered: 0 });
  });

  it('drops a buffered document on cancel and starts buffered ones when the limits grow', async () => {
    const limits = { workers: 1, buffer: 2, napMs: 60_000 };
    const { pool, events } = harness(limits);
    for (const d of ['a', 'b', 'c']) pool.deliver(d);
    pool.cancel('b');
    expect(events.slice(-1)).toEqual(['drop b']);
    limits.workers = 3;
    pool.limitsChanged();
    expect(events.slice(-1)).toEqual(['run c']);
    pool.cancel('c');
    expect(events.slice(-1)).toEqual(['kill c']);
    pool.stop();
  });
});
