import { DescribeInstancesCommand, type Filter } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, type InstanceInformationStringFilter } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { errorOf, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';

const WEB = 'i-0123456789abcdef0';
const DB = 'i-0123456789abcdef1';
const WIN = 'i-0123456789abcdef2';
const OLD = 'i-0123456789abcdef3';
const SHORT = 'i-01234567';
const HYBRID = 'mi-0123456789abcdef4';


describe('inventory: EC2 DescribeInstances, SSM DescribeInstanceInformation, STS GetCallerIdentity', () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await withEmulator({
      maxAttempts: 1,
      accountId: '210987654321',
      instances: [
        { instanceId: WEB, name: 'web-1', tags: { env: 'prod', role: 'web' }, privateIp: '10.0.1.10', publicIp: '54.0.0.10' },
        { instanceId: DB, name: 'db-1', tags: { env: 'prod' }, privateIp: '10.0.1.20' },
        { instanceId: WIN, name: 'win-1', tags: { env: 'dev' }, privateIp: '10.0.2.30', platform: 'Windows' },
        { instanceId: OLD, name: 'old-1', privateIp: '10.0.3.40', state: 'stopped' },
        { instanceId: SHORT, name: 'legacy', privateIp: '10.0.4.50', pingStatus: 'ConnectionLost' },
        { instanceId: HYBRID, name: 'onprem', privateIp: '192.168.1.5' },
      ],
    });
  });
  afterAll(() => h.stop());

  async function ids(filters: Filter[], instanceIds?: string[]): Promise<string[]> {
    const out = await h.ec2.send(new DescribeInstancesCommand({ Filters: filters, InstanceIds: instanceIds }));
    return (out.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId ?? '')).sort();
  }

  it('lists every EC2 instance (not the hybrid one) with its reservation, state, addresses and tags', async () => {
    const out = await h.ec2.send(new DescribeInstancesCommand({}));
    expect(out.Reservations).toHaveLength(5);
    const web = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === WEB);
    expect(web).toMatchObject({
      State: { Code: 16, Name: 'running' },
      PrivateIpAddress: '10.0.1.10',
      PrivateDnsName: 'ip-10-0-1-10.ec2.internal',
      PublicIpAddress: '54.0.0.10',
      PublicDnsName: 'ec2-54-0-0-10.compute-1.amazonaws.com',
      Placement: { AvailabilityZone: 'us-east-1a' },
    });
    expect(web?.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: 'web-1' }, { Key: 'env', Value: 'prod' }]));
    expect(out.Reservations?.[0]?.OwnerId).toBe('210987654321');
    const stopped = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === OLD);
    expect(stopped?.State).toEqual({ Code: 80, Name: 'stopped' });
    const win = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === WIN);
    expect(win?.Platform?.toLowerCase()).toBe('windows');
  });

  it.each<[string, Filter[], string[]]>([
    ['instance-id', [{ Name: 'instance-id', Values: [DB] }], [DB]],
    ['private-ip-address', [{ Name: 'private-ip-address', Values: ['10.0.2.30'] }], [WIN]],
    ['ip-address', [{ Name: 'ip-address', Values: ['54.0.0.10'] }], [WEB]],
    ['private-dns-name', [{ Name: 'private-dns-name', Values: ['ip-10-0-1-20.ec2.internal'] }], [DB]],
    ['dns-name', [{ Name: 'dns-name', Values: ['ec2-54-0-0-10.compute-1.amazonaws.com'] }], [WEB]],
    ['tag:<key>', [{ Name: 'tag:Name', Values: ['web-1', 'db-1'] }], [WEB, DB]],
    ['tag-key', [{ Name: 'tag-key', Values: ['role'] }], [WEB]],
    ['instance-state-name', [{ Name: 'instance-state-name', Values: ['stopped'] }], [OLD]],
    ['* wildcards', [{ Name: 'tag:Name', Values: ['*-1'] }], [DB, OLD, WEB, WIN]],
    ['? wildcards', [{ Name: 'private-ip-address', Values: ['10.0.1.?0'] }], [DB, WEB]],
    ['several filters together (AND)', [{ Name: 'tag:env', Values: ['prod'] }, { Name: 'tag:role', Values: ['web'] }], [WEB]],
    ['a value that matches nothing', [{ Name: 'tag:Name', Values: ['nobody'] }], []],
  ])('filters DescribeInstances by %s', async (_what, filters, expected) => {
    expect(await ids(filters)).toEqual([...expected].sort());
  });

  it('takes InstanceIds, including 8-hex-digit ids', async () => {
    expect(await ids([], [SHORT, WEB])).toEqual([SHORT, WEB].sort());
  });

  it('answers an unknown id with InvalidInstanceID.NotFound and a malformed one with InvalidInstanceID.Malformed', async () => {
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0fffffffffffffff9'] })))).toEqual({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0fffffffffffffff9' does not exist",
      status: 400,
    });
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ InstanceIds: [HYBRID] })))).toMatchObject({
      name: 'InvalidInstanceID.Malformed',
    });
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })))).toMatchObject({
      name: 'InvalidInstanceID.Malformed',
    });
  });

  it('refuses unknown filter names and MaxResults out of 5..1000', async () => {
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'color', Values: ['red'] }] })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [WEB] })))).toMatchObject({
      name: 'InvalidParameterCombination',
    });
  });

  it('answers DryRun with DryRunOperation', async () => {
    expect(await errorOf(h.ec2.send(new DescribeInstancesCommand({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
  });

  it('paginates DescribeInstances with MaxResults and NextToken', async () => {
    const first = await h.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, Filters: [{ Name: 'tag:Name', Values: ['*'] }] }));
    expect(first.Reservations).toHaveLength(5);
    expect(first.NextToken).toBeUndefined();
    const page = await h.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(page.Reservations).toHaveLength(5);
  });

  it('lists managed instances without the stopped one, hybrid included with its activation', async () => {
    const out = await h.ssm.send(new DescribeInstanceInformationCommand({}));
    const list = out.InstanceInformationList ?? [];
    expect(list.map((i) => i.InstanceId).sort()).toEqual([WEB, DB, WIN, SHORT, HYBRID].sort());
    expect(list.find((i) => i.InstanceId === WEB)).toMatchObject({
      PingStatus: 'Online',
      PlatformType: 'Linux',
      ResourceType: 'EC2Instance',
      IPAddress: '10.0.1.10',
      ComputerName: 'ip-10-0-1-10.ec2.internal',
    });
    expect(list.find((i) => i.InstanceId === SHORT)?.PingStatus).toBe('ConnectionLost');
    const hybrid = list.find((i) => i.InstanceId === HYBRID);
    expect(hybrid).toMatchObject({ ResourceType: 'ManagedInstance', Name: 'onprem' });
    expect(hybrid?.ActivationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(list.find((i) => i.InstanceId === WEB)?.LastPingDateTime).toBeInstanceOf(Date);
  });

  it.each<[string, InstanceInformationStringFilter[], string[]]>([
    ['InstanceIds', [{ Key: 'InstanceIds', Values: [WEB, HYBRID] }], [WEB, HYBRID]],
    ['PingStatus', [{ Key: 'PingStatus', Values: ['ConnectionLost'] }], [SHORT]],
    ['PlatformTypes', [{ Key: 'PlatformTypes', Values: ['Windows'] }], [WIN]],
    ['ResourceType', [{ Key: 'ResourceType', Values: ['ManagedInstance'] }], [HYBRID]],
    ['tag:<key>', [{ Key: 'tag:env', Values: ['prod'] }], [WEB, DB]],
  ])('filters DescribeInstanceInformation by %s', async (_what, filters, expected) => {
    const out = await h.ssm.send(new DescribeInstanceInformationCommand({ Filters: filters }));
    expect((out.InstanceInformationList ?? []).map((i) => i.InstanceId).sort()).toEqual([...expected].sort());
  });

  it('takes the legacy InstanceInformationFilterList too', async () => {
    const out = await h.ssm.send(
      new DescribeInstanceInformationCommand({ InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [DB] }] }),
    );
    expect(out.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([DB]);
  });

  it('refuses an unknown filter key with InvalidFilterKey', async () => {
    expect(
      await errorOf(h.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Color', Values: ['red'] }] }))),
    ).toMatchObject({ name: 'InvalidFilterKey' });
  });

  it('paginates DescribeInstanceInformation with MaxResults 5..50 and NextToken', async () => {
    const first = await h.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
    expect(first.InstanceInformationList).toHaveLength(5);
    expect(first.NextToken).toBeUndefined();
    const big = await startEmulator({
      instances: Array.from({ length: 12 }, (_, i) => ({ instanceId: `i-${String(i).padStart(17, '0')}` })),
    });
    try {
      const { SSMClient } = await import('@aws-sdk/client-ssm');
      const ssm = new SSMClient({ endpoint: big.url, region: big.region, credentials: big.credentials });
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5, NextToken: token }));
        expect((page.InstanceInformationList ?? []).length).toBeLessThanOrEqual(5);
        seen.push(...(page.InstanceInformationList ?? []).map((i) => i.InstanceId ?? ''));
        token = page.NextToken;
      } while (token);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      ssm.destroy();
    } finally {
      await big.stop();
    }
  });

  it('answers GetCallerIdentity with the account and the smsh-local user', async () => {
    const out = await h.sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: '210987654321', Arn: 'arn:aws:iam::210987654321:user/smsh-local' });
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });
});

describe('the default instance', () => {
  it('stands for this machine: stable id from the hostname, Name tag, Linux, Online, running', async () => {
    const first = await startEmulator();
    const second = await startEmulator();
    try {
      const [a] = first.instances;
      expect(a).toMatchObject({ name: hostname(), platform: 'Linux', pingStatus: 'Online', state: 'running' });
      expect(a?.instanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(second.instances[0]?.instanceId).toBe(a?.instanceId);
      expect(a?.privateDns).toMatch(/^ip-\d+-\d+-\d+-\d+\.ec2\.internal$/);
      expect(first.credentials.accessKeyId).not.toBe(second.credentials.accessKeyId);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('refuses a non-loopback address unless allowRemote is set', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/--allow-remote .*allowRemote/);
  });
});
