import { describe, expect, it } from 'vitest';
import type { InstanceInformation } from '@aws-sdk/client-ssm';
import { ambiguousMessage } from '../../src/target/ambiguity.js';
import { candidateFromEc2, candidateFromInformation, informationMatches, uniqueById, type Candidate } from '../../src/target/candidate.js';
import { parseTarget } from '../../src/target/parse-target.js';
import { managedProblem, stateProblem } from '../../src/target/readiness.js';
import { ec2FilterSets } from '../../src/target/resolve-target.js';

describe('candidates from EC2 and SSM', () => {
  it('reads id, Name tag, addresses and state from an EC2 instance', () => {
    expect(
      candidateFromEc2({
        InstanceId: 'i-0aaaaaaaaaaaaaaa1',
        Tags: [
          { Key: 'Env', Value: 'prod' },
          { Key: 'Name', Value: 'web' },
        ],
        PrivateIpAddress: '10.0.0.1',
        PublicIpAddress: '3.4.5.6',
        PrivateDnsName: 'ip-10-0-0-1.ec2.internal',
        PublicDnsName: '',
        State: { Name: 'running', Code: 16 },
      }),
    ).toEqual({
      instanceId: 'i-0aaaaaaaaaaaaaaa1',
      name: 'web',
      privateIp: '10.0.0.1',
      publicIp: '3.4.5.6',
      privateDns: 'ip-10-0-0-1.ec2.internal',
      state: 'running',
    });
  });

  it('skips an EC2 item without an id', () => {
    expect(candidateFromEc2({})).toBeUndefined();
  });

  it('reads a hybrid node from the SSM inventory, naming it by ComputerName when it has no Name', () => {
    expect(
      candidateFromInformation({ InstanceId: 'mi-0123456789abcdef0', ComputerName: 'build01.lan', IPAddress: '192.168.1.5', PingStatus: 'Online' }),
    ).toEqual({ instanceId: 'mi-0123456789abcdef0', name: 'build01.lan', privateIp: '192.168.1.5', pingStatus: 'Online' });
  });

  it('joins parallel lookups by id, keeping the first seen', () => {
    const a = { instanceId: 'i-1', privateIp: '10.0.0.1' };
    const b = { instanceId: 'i-2' };
    expect(uniqueById([[a], [{ instanceId: 'i-1', publicIp: 'x' }, b]])).toEqual([a, b]);
  });
});

describe('informationMatches', () => {
  const node: InstanceInformation = {
    InstanceId: 'mi-0123456789abcdef0',
    IPAddress: '192.168.1.5',
    ComputerName: 'Build01.lan',
    Name: 'builder',
  };
  it.each<[string, string, boolean]>([
    ['its IP address', '192.168.1.5', true],
    ['another IP address', '192.168.1.6', false],
    ['its full host name, in any case', 'build01.LAN', true],
    ['its short host name', 'build01', true],
    ['its SSM Name', 'builder', true],
    ['another name', 'web', false],
    ['its id', 'mi-0123456789abcdef0', true],
  ])('a hybrid node is found by %s: %s', (_title, text, expected) => {
    expect(informationMatches(parseTarget(text), node)).toBe(expected);
  });
});

describe('ec2FilterSets', () => {
  const live = { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] };
  it.each<[string, string, { Name: string; Values: string[] }[][]]>([
    ['an IP asks for private and public addresses separately', '10.0.0.1', [
      [{ Name: 'private-ip-address', Values: ['10.0.0.1'] }, live],
      [{ Name: 'ip-address', Values: ['10.0.0.1'] }, live],
    ]],
    ['a DNS name asks for private and public names separately', 'ip-10-0-0-1.ec2.internal', [
      [{ Name: 'private-dns-name', Values: ['ip-10-0-0-1.ec2.internal'] }, live],
      [{ Name: 'dns-name', Values: ['ip-10-0-0-1.ec2.internal'] }, live],
    ]],
    ['a Name asks for the Name tag', 'web', [[{ Name: 'tag:Name', Values: ['web'] }, live]]],
    ['tag:K=V asks for tag K', 'tag:Env=prod', [[{ Name: 'tag:Env', Values: ['prod'] }, live]]],
  ])('%s, never for terminated instances', (_title, text, expected) => {
    expect(ec2FilterSets(parseTarget(text))).toEqual(expected);
  });
});

describe('stateProblem', () => {
  it.each<[string, Candidate, string | undefined]>([
    ['a running instance is fine', { instanceId: 'i-1', state: 'running' }, undefined],
    ['a hybrid node has no EC2 state and is fine', { instanceId: 'mi-1' }, undefined],
    ['a stopped instance says so', { instanceId: 'i-1', name: 'web', state: 'stopped' }, 'i-1 (web) is stopped'],
    ['a stopping instance says so', { instanceId: 'i-1', state: 'stopping' }, 'i-1 is stopping'],
    ['a pending instance asks to wait', { instanceId: 'i-1', state: 'pending' }, 'i-1 is still starting (pending): try again in a minute'],
    ['a shutting-down instance says so', { instanceId: 'i-1', state: 'shutting-down' }, 'i-1 is shutting down'],
  ])('%s', (_title, candidate, expected) => {
    expect(stateProblem(candidate)).toBe(expected);
  });
});

describe('managedProblem', () => {
  const online: InstanceInformation = { InstanceId: 'i-1', PingStatus: 'Online', PlatformType: 'Linux' };
  it.each<[string, InstanceInformation | undefined, string | undefined]>([
    ['an Online Linux node is fine', online, undefined],
    ['an Online macOS node is fine', { ...online, PlatformType: 'MacOS' }, undefined],
    ['a node SSM does not list is not managed', undefined, 'i-1 (web) is not managed by SSM in eu-west-1 (not running, wrong region, or no SSM agent registered)'],
    ['a Windows node is not supported yet', { ...online, PlatformType: 'Windows' }, 'i-1 (web) runs Windows: Windows instances are not supported yet'],
    [
      'a lost agent names its last ping',
      { ...online, PingStatus: 'ConnectionLost', LastPingDateTime: new Date('2025-03-01T10:20:30.456Z') },
      'i-1 (web) SSM agent is offline (ConnectionLost, last ping 2025-03-01T10:20:30Z)',
    ],
    ['an inactive agent without a ping says never', { ...online, PingStatus: 'Inactive' }, 'i-1 (web) SSM agent is offline (Inactive, last ping never)'],
  ])('%s', (_title, info, expected) => {
    expect(managedProblem('i-1', 'web', info, 'eu-west-1')).toBe(expected);
  });
});

describe('ambiguousMessage', () => {
  it('lists every match on its own aligned line, sorted, and asks for an id', () => {
    const message = ambiguousMessage('"web"', [
      { instanceId: 'i-0ccccccccccccccc3', name: 'web', privateIp: '10.0.0.3', state: 'stopped' },
      { instanceId: 'i-0aaaaaaaaaaaaaaa1', name: 'web', privateIp: '10.0.0.1', state: 'running' },
      { instanceId: 'i-0bbbbbbbbbbbbbbb2', name: 'web', publicIp: '3.4.5.6', state: 'running' },
      { instanceId: 'mi-0dddddddddddddd4', pingStatus: 'Online' },
    ]);
    expect(message).toBe(
      [
        '"web" matches 4 instances:',
        '  mi-0dddddddddddddd4  -    -         Online',
        '  i-0aaaaaaaaaaaaaaa1  web  10.0.0.1  running',
        '  i-0bbbbbbbbbbbbbbb2  web  3.4.5.6   running',
        '  i-0ccccccccccccccc3  web  10.0.0.3  stopped',
        'choose one by id',
      ].join('\n'),
    );
  });
});
