// Target resolution over real HTTP: the real SDK clients smsh builds, against the local emulator.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { resolveAwsSettings } from '../../src/aws/config.js';
import { createGovernor, type Governor } from '../../src/aws/governor.js';
import { startEmulator, type InstanceSpec, type RunningEmulator } from '../../src/emulator/index.js';
import { resolveTarget, type ResolveTargetOptions, type ResolvedTarget } from '../../src/target/resolve-target.js';
import { SmshError, type SmshErrorKind } from '../../src/util/smsh-error.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const ids = {
  solo: 'i-0a000000000000001',
  web1: 'i-0b000000000000001',
  web2: 'i-0b000000000000002',
  web3: 'i-0b000000000000003',
  offline: 'i-0c000000000000001',
  stopped: 'i-0d000000000000001',
  windows: 'i-0e000000000000001',
  short: 'i-0f00aa01',
  hybrid: 'mi-0123456789abcdef0',
  hybridOffline: 'mi-0123456789abcdef1',
  dotted: 'i-0a000000000000002',
};

const instances: InstanceSpec[] = [
  { instanceId: ids.solo, name: 'solo', privateIp: '10.0.1.10', publicIp: '54.1.2.3', tags: { Env: 'prod', Role: 'db' } },
  { instanceId: ids.web1, name: 'web', privateIp: '10.0.2.1', tags: { Env: 'prod' } },
  { instanceId: ids.web2, name: 'web', privateIp: '10.0.2.2', tags: { Env: 'prod' } },
  { instanceId: ids.web3, name: 'web', privateIp: '10.0.2.3', state: 'stopped' },
  { instanceId: ids.offline, name: 'lost', privateIp: '10.0.3.1', pingStatus: 'ConnectionLost' },
  { instanceId: ids.stopped, name: 'sleepy', privateIp: '10.0.4.1', state: 'stopped' },
  { instanceId: ids.windows, name: 'win', privateIp: '10.0.5.1', platform: 'Windows' },
  { instanceId: ids.short, name: 'old-style', privateIp: '10.0.6.1' },
  { instanceId: ids.hybrid, name: 'onprem', privateIp: '192.168.50.5', tags: { Site: 'lab' } },
  { instanceId: ids.dotted, name: 'api.prod', privateIp: '10.0.1.11' },
  { instanceId: ids.hybridOffline, name: 'onprem-lost', privateIp: '192.168.50.6', pingStatus: 'ConnectionLost' },
  { instanceId: 'i-0f000000000000009', name: 'gone', privateIp: '10.0.9.9', state: 'terminated' },
];

let emu: RunningEmulator;
let clients: AwsClients;

beforeAll(async () => {
  emu = await startEmulator({ latency: 'none', instances });
  const settings = await resolveAwsSettings({ endpointUrl: emu.url, region: emu.region, env: {} });
  clients = createAwsClients(settings, { credentials: emu.credentials });
});

afterAll(async () => {
  clients.destroy();
  await emu.stop();
});

function optionsFor(governor: Governor = createGovernor(), overrides: Partial<ResolveTargetOptions> = {}): ResolveTargetOptions {
  return {
    ssm: clients.ssm,
    ec2: clients.ec2,
    governor,
    region: emu.region,
    endpointFor: clients.endpointFor,
    retry: { minTimeout: 0, maxTimeout: 0 },
    ...overrides,
  };
}

async function failure(text: string, options: ResolveTargetOptions = optionsFor()): Promise<SmshError> {
  const error = await resolveTarget(text, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmshError);
  return error as SmshError;
}

describe('resolveTarget against the emulator', () => {
  it('resolves an instance id with one SSM call and never loads the EC2 client', async () => {
    let ec2Asked = 0;
    const target = await resolveTarget(ids.solo, {
      ...optionsFor(),
      ec2: () => {
        ec2Asked += 1;
        return clients.ec2();
      },
    });
    expect(target).toMatchObject({
      instanceId: ids.solo,
      privateIp: '10.0.1.10',
      pingStatus: 'Online',
      platformType: 'Linux',
      resourceType: 'EC2Instance',
      matchedBy: 'instance-id',
      apiCalls: { ssm: 1, ec2: 0 },
    });
    expect(ec2Asked).toBe(0);
  });

  it('resolves an 8-character instance id', async () => {
    expect(await resolveTarget(ids.short, optionsFor())).toMatchObject({ instanceId: ids.short, apiCalls: { ssm: 1, ec2: 0 } });
  });

  it('resolves a hybrid mi- id', async () => {
    expect(await resolveTarget(ids.hybrid, optionsFor())).toMatchObject({
      instanceId: ids.hybrid,
      name: 'onprem',
      resourceType: 'ManagedInstance',
      apiCalls: { ssm: 1, ec2: 0 },
    });
  });

  const found: [string, string, string, { ssm: number; ec2: number }][] = [
    ['a private IP', '10.0.1.10', ids.solo, { ec2: 2, ssm: 1 }],
    ['a public IP', '54.1.2.3', ids.solo, { ec2: 2, ssm: 1 }],
    ['a private DNS name', 'ip-10-0-1-10.ec2.internal', ids.solo, { ec2: 2, ssm: 1 }],
    ['a public DNS name', 'ec2-54-1-2-3.compute-1.amazonaws.com', ids.solo, { ec2: 2, ssm: 1 }],
    ['a DNS name in upper case', 'IP-10-0-1-10.EC2.INTERNAL', ids.solo, { ec2: 2, ssm: 1 }],
    ['a Name tag', 'solo', ids.solo, { ec2: 1, ssm: 1 }],
    ['tag:Key=Value', 'tag:Role=db', ids.solo, { ec2: 1, ssm: 1 }],
    ['a hybrid node by IP, through the SSM inventory', '192.168.50.5', ids.hybrid, { ec2: 2, ssm: 1 }],
    ['a hybrid node by name, through the SSM inventory', 'onprem', ids.hybrid, { ec2: 1, ssm: 1 }],
    ['a hybrid node by tag, through the SSM inventory', 'tag:Site=lab', ids.hybrid, { ec2: 1, ssm: 1 }],
    ['a dotted Name tag that reads like a DNS name', 'api.prod', ids.dotted, { ec2: 3, ssm: 1 }],
  ];
  it.each(found)('resolves %s', async (_title, text, instanceId, apiCalls) => {
    const target: ResolvedTarget = await resolveTarget(text, optionsFor());
    expect(target.instanceId).toBe(instanceId);
    expect(target.apiCalls).toEqual(apiCalls);
    expect(target.pingStatus).toBe('Online');
  });

  it('returns what EC2 and SSM know about an instance found by name', async () => {
    expect(await resolveTarget('solo', optionsFor())).toEqual({
      instanceId: ids.solo,
      name: 'solo',
      privateIp: '10.0.1.10',
      publicIp: '54.1.2.3',
      state: 'running',
      platformType: 'Linux',
      platformName: 'Amazon Linux',
      platformVersion: '2023',
      agentVersion: expect.any(String),
      pingStatus: 'Online',
      computerName: 'ip-10-0-1-10.ec2.internal',
      resourceType: 'EC2Instance',
      matchedBy: 'name',
      apiCalls: { ec2: 1, ssm: 1 },
    });
  });

  it('lists every match of an ambiguous Name, stopped ones included, and picks none', async () => {
    const error = await failure('web');
    expect(error.kind).toBe('target');
    expect(error.message.split('\n')).toEqual([
      '"web" matches 3 instances:',
      `  ${ids.web1}  web  10.0.2.1  running`,
      `  ${ids.web2}  web  10.0.2.2  running`,
      `  ${ids.web3}  web  10.0.2.3  stopped`,
      'choose one by id',
    ]);
  });

  it('keeps EC2 wildcards in a Name, so web* lists every match', async () => {
    const error = await failure('web*');
    expect(error.message).toMatch(/^"web\*" matches 3 instances:\n/);
  });

  it('lists every match of an ambiguous tag', async () => {
    const error = await failure('tag:Env=prod');
    expect(error.message).toMatch(/^tag:Env=prod matches 3 instances:\n/);
  });

  const problems: [string, string, SmshErrorKind, RegExp][] = [
    ['an unknown name', 'nothing-here', 'target', /^no instance matches "nothing-here" in us-east-1$/],
    ['an unknown IP', '10.9.9.9', 'target', /^no instance matches 10\.9\.9\.9 in us-east-1$/],
    ['a terminated instance by name', 'gone', 'target', /^no instance matches "gone"/],
    ['a mistyped id', 'i-0a00', 'target', /^no instance matches "i-0a00" in us-east-1: instance ids are i- followed by 8 or 17 characters/],
    ['an unknown id', 'i-0f0000000000000aa', 'target', /^i-0f0000000000000aa is not managed by SSM in us-east-1 \(not running, wrong region, or no SSM agent registered\)$/],
    ['an id with letters EC2 never issues', 'i-zzzzzzzz', 'target', /^i-zzzzzzzz is not managed by SSM in us-east-1/],
    ['an offline agent by id', ids.offline, 'target', new RegExp(`^${ids.offline} SSM agent is offline \\(ConnectionLost, last ping \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\)$`)],
    ['an offline agent by name', 'lost', 'target', new RegExp(`^${ids.offline} \\(lost\\) SSM agent is offline \\(ConnectionLost`)],
    ['an offline hybrid node by IP', '192.168.50.6', 'target', new RegExp(`^${ids.hybridOffline} \\(onprem-lost\\) SSM agent is offline`)],
    ['a stopped instance by name', 'sleepy', 'target', new RegExp(`^${ids.stopped} \\(sleepy\\) is stopped$`)],
    ['a stopped instance by IP', '10.0.4.1', 'target', new RegExp(`^${ids.stopped} \\(sleepy\\) is stopped$`)],
    ['a stopped instance by id', ids.stopped, 'target', /is not managed by SSM in us-east-1/],
    ['a Windows instance', 'win', 'target', new RegExp(`^${ids.windows} \\(win\\) runs Windows: Windows instances are not supported yet$`)],
    ['an empty target', '  ', 'usage', /^no target given/],
  ];
  it.each(problems)('says what is wrong with %s in one clear line', async (_title, text, kind, message) => {
    const error = await failure(text);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('reports wrong credentials as a credentials error in one line', async () => {
    const settings = await resolveAwsSettings({ endpointUrl: emu.url, region: emu.region, env: {} });
    const wrong = createAwsClients(settings, { credentials: { accessKeyId: 'AKIDWRONGWRONGWRONG1', secretAccessKey: 'nope' } });
    try {
      const error = await failure(ids.solo, { ...optionsFor(), ssm: wrong.ssm, ec2: wrong.ec2 });
      expect(error.kind).toBe('credentials');
      expect(error.message).toMatch(/^AWS rejected the credentials \(UnrecognizedClientException\)/);
      expect(error.message).not.toContain('\n');
    } finally {
      wrong.destroy();
    }
  });

  it('reports a wrong secret key as a credentials error', async () => {
    const settings = await resolveAwsSettings({ endpointUrl: emu.url, region: emu.region, env: {} });
    const wrong = createAwsClients(settings, { credentials: { ...emu.credentials, secretAccessKey: 'not-the-secret' } });
    try {
      const error = await failure('solo', { ...optionsFor(), ssm: wrong.ssm, ec2: wrong.ec2 });
      expect(error.kind).toBe('credentials');
    } finally {
      wrong.destroy();
    }
  });

  it('fails within seconds, naming the endpoint, when nothing listens there', async () => {
    const port = await closedPort();
    const settings = await resolveAwsSettings({ endpointUrl: `http://127.0.0.1:${port}`, region: 'us-east-1', env: {} });
    const dead = createAwsClients(settings, { credentials: emu.credentials });
    const started = Date.now();
    try {
      // Default backoff on purpose: the quick-fail must not depend on tests' tiny timeouts.
      const error = await failure(ids.solo, { ...optionsFor(), ssm: dead.ssm, ec2: dead.ec2, endpointFor: dead.endpointFor, retry: undefined });
      expect(error.kind).toBe('network');
      expect(error.message).toBe(`cannot reach the SSM endpoint http://127.0.0.1:${port}: connection refused`);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      dead.destroy();
    }
  });

  it('stops at once with the abort reason when cancelled', async () => {
    const reason = new Error('Ctrl+C');
    const error = await resolveTarget('solo', optionsFor(createGovernor(), { signal: AbortSignal.abort(reason) })).catch((caught: unknown) => caught);
    expect(error).toBe(reason);
  });
});

describe('resolveTarget under throttling', () => {
  it('still succeeds through retries when AWS allows 2 requests a second, and the governor slows down', async () => {
    emu.configure({ throttle: { default: { ratePerSec: 2, burst: 2 } } });
    try {
      const governor = createGovernor();
      // Default backoff: the point is that real waits get through a real token bucket.
      const options = optionsFor(governor, { retry: undefined });
      const results = await Promise.all(['solo', '10.0.1.10', ids.solo, 'tag:Role=db'].map((text) => resolveTarget(text, options)));
      expect(results.map((result) => result.instanceId)).toEqual([ids.solo, ids.solo, ids.solo, ids.solo]);
      const stats = governor.stats();
      expect(stats.throttles).toBeGreaterThan(0);
      expect(stats.retries).toBeGreaterThanOrEqual(stats.throttles);
      expect(stats.rate).toBeLessThan(20);
    } finally {
      emu.configure({ throttle: null });
    }
  });
});

describe('resolveTarget under injected faults', () => {
  it('gets through 500s and dropped connections by retrying', async () => {
    const before = emu.faults();
    emu.configure({ faults: { internalErrorRate: 0.3, dropConnectionRate: 0.2, seed: 7 } });
    try {
      const options = optionsFor(createGovernor());
      for (const text of ['solo', '10.0.1.10', 'ip-10-0-1-10.ec2.internal', ids.solo, 'onprem', 'tag:Role=db']) {
        expect((await resolveTarget(text, options)).instanceId).toMatch(/^m?i-/);
      }
      const after = emu.faults();
      expect(after.internalErrors + after.droppedConnections).toBeGreaterThan(before.internalErrors + before.droppedConnections);
    } finally {
      emu.configure({ faults: null });
    }
  });
});

// A loopback port nobody listens on: bind one, note it, close it.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
