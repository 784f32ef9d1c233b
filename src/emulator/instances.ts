// The instances the emulator serves: what a spec may say, the defaults it gets, the default
// instance standing for this machine, and loading specs from a file or a CLI flag.
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { stableHex } from './ids.js';

/** EC2 instance states, as DescribeInstances names them. */
export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** How a caller describes one instance; everything but the id has a default. */
export interface InstanceSpec {
  /** `i-` + 8 or 17 hex (EC2) or `mi-` + 17 hex (hybrid managed instance, not in EC2). */
  instanceId: string;
  /** Name tag (also sets tags.Name). */
  name?: string;
  tags?: Record<string, string>;
  privateIp?: string;
  publicIp?: string;
  privateDns?: string;
  publicDns?: string;
  /** @default 'Linux' */
  platform?: 'Linux' | 'Windows' | 'MacOS';
  platformName?: string;
  platformVersion?: string;
  /** @default 'Online' when running, else 'ConnectionLost' */
  pingStatus?: 'Online' | 'ConnectionLost' | 'Inactive';
  /** @default 'running' */
  state?: InstanceStateName;
  agentVersion?: string;
  /** @default 'ManagedInstance' for mi- ids, else 'EC2Instance' */
  resourceType?: 'EC2Instance' | 'ManagedInstance';
}

/** An instance with every default applied. */
export interface Instance extends InstanceSpec {
  name: string;
  tags: Record<string, string>;
  privateIp: string;
  privateDns: string;
  publicDns: string;
  platform: 'Linux' | 'Windows' | 'MacOS';
  platformName: string;
  platformVersion: string;
  pingStatus: 'Online' | 'ConnectionLost' | 'Inactive';
  state: InstanceStateName;
  agentVersion: string;
  resourceType: 'EC2Instance' | 'ManagedInstance';
}

/** Valid instance ids for specs: the SSM model pattern restricted to hex, as EC2 issues them. */
export const INSTANCE_ID_SPEC_PATTERN = /^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$/;

const STATES: readonly InstanceStateName[] = ['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'];
const DEFAULT_AGENT_VERSION = '3.3.1142.0';

/** EC2's internal DNS name for a private IP in a region. */
export function privateDnsFor(ip: string, region: string): string {
  const host = `ip-${ip.replace(/[.:]/g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** EC2's public DNS name for a public IP in a region. */
export function publicDnsFor(ip: string, region: string): string {
  const host = `ec2-${ip.replace(/[.:]/g, '-')}`;
  return region === 'us-east-1' ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

/** Applies defaults to a spec; throws on an invalid one. */
export function resolveInstance(spec: InstanceSpec, region: string): Instance {
  if (!INSTANCE_ID_SPEC_PATTERN.test(spec.instanceId)) {
    throw new Error(`invalid instanceId '${spec.instanceId}': expected i- + 8 or 17 hex digits, or mi- + 17 hex digits`);
  }
  const state = spec.state ?? 'running';
  if (!STATES.includes(state)) throw new Error(`invalid state '${state}' for ${spec.instanceId}`);
  const platform = spec.platform ?? 'Linux';
  if (!['Linux', 'Windows', 'MacOS'].includes(platform)) throw new Error(`invalid platform '${platform}' for ${spec.instanceId}`);
  const pingStatus = spec.pingStatus ?? (state === 'running' ? 'Online' : 'ConnectionLost');
  if (!['Online', 'ConnectionLost', 'Inactive'].includes(pingStatus)) {
    throw new Error(`invalid pingStatus '${pingStatus}' for ${spec.instanceId}`);
  }
  const tags = { ...(spec.tags ?? {}) };
  if (spec.name !== undefined) tags.Name = spec.name;
  const name = tags.Name ?? '';
  const h = stableHex(spec.instanceId, 6);
  const octet = (i: number): number => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  const privateIp = spec.privateIp ?? `10.${octet(0)}.${octet(1)}.${Math.max(4, octet(2))}`;
  const defaults =
    platform === 'Windows'
      ? { platformName: 'Microsoft Windows Server 2022 Datacenter', platformVersion: '10.0.20348' }
      : platform === 'MacOS'
        ? { platformName: 'macOS', platformVersion: '14.0' }
        : { platformName: 'Amazon Linux', platformVersion: '2023' };
  return {
    ...spec,
    name,
    tags,
    privateIp,
    privateDns: spec.privateDns ?? privateDnsFor(privateIp, region),
    publicDns: spec.publicDns ?? (spec.publicIp ? publicDnsFor(spec.publicIp, region) : ''),
    platform,
    platformName: spec.platformName ?? defaults.platformName,
    platformVersion: spec.platformVersion ?? defaults.platformVersion,
    pingStatus,
    state,
    agentVersion: spec.agentVersion ?? DEFAULT_AGENT_VERSION,
    resourceType: spec.resourceType ?? (spec.instanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance'),
  };
}

/** Resolves a list of specs, rejecting duplicate ids. */
export function resolveInstances(specs: InstanceSpec[], region: string): Instance[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    if (seen.has(spec.instanceId)) throw new Error(`duplicate instanceId '${spec.instanceId}'`);
    seen.add(spec.instanceId);
    return resolveInstance(spec, region);
  });
}

function osRelease(): { name: string; version: string } {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (key: string): string | undefined =>
      text.match(new RegExp(`^${key}=("?)(.*)\\1$`, 'm'))?.[2];
    return { name: field('NAME') ?? 'Linux', version: field('VERSION_ID') ?? '' };
  } catch {
    return { name: 'Linux', version: '' };
  }
}

function machineIPv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const addr of list ?? []) if (addr.family === 'IPv4' && !addr.internal) return addr.address;
  }
  return '127.0.0.1';
}

/** The default instance: this machine, with an id stable for its hostname. */
export function thisMachineSpec(): InstanceSpec {
  const host = hostname();
  const release = osRelease();
  return {
    instanceId: `i-${stableHex(`smsh-emulator:${host}`, 17)}`,
    name: host,
    privateIp: machineIPv4(),
    platform: 'Linux',
    platformName: release.name,
    platformVersion: release.version || '0',
    pingStatus: 'Online',
    state: 'running',
  };
}

/** Reads a JSON file holding InstanceSpec[] or {"instances": InstanceSpec[]}. */
export function loadInstancesFile(path: string): InstanceSpec[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { instances?: unknown }).instances)
      ? (parsed as { instances: unknown[] }).instances
      : undefined;
  if (!list) throw new Error(`${path}: expected an array of instances or {"instances": [...]}`);
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null || typeof (item as { instanceId?: unknown }).instanceId !== 'string') {
      throw new Error(`${path}: instance #${i + 1} needs a string instanceId`);
    }
    return item as InstanceSpec;
  });
}

const SPEC_KEYS: Record<string, keyof InstanceSpec> = {
  name: 'name',
  privateip: 'privateIp',
  ip: 'privateIp',
  publicip: 'publicIp',
  privatedns: 'privateDns',
  publicdns: 'publicDns',
  platform: 'platform',
  platformname: 'platformName',
  platformversion: 'platformVersion',
  ping: 'pingStatus',
  pingstatus: 'pingStatus',
  state: 'state',
  agentversion: 'agentVersion',
  resourcetype: 'resourceType',
};

/** Parses `--instance i-0123…,name=web,privateIp=10.0.0.5,tag:env=prod,platform=Windows,ping=ConnectionLost,state=stopped`. */
export function parseInstanceFlag(text: string): InstanceSpec {
  const [id, ...pairs] = text.split(',');
  const spec: Record<string, unknown> = { instanceId: (id ?? '').trim() };
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--instance ${text}: expected key=value, got '${pair}'`);
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1);
    if (key.startsWith('tag:')) {
      tags[key.slice(4)] = value;
      continue;
    }
    const field = SPEC_KEYS[key.toLowerCase()];
    if (!field) throw new Error(`--instance ${text}: unknown key '${key}'`);
    spec[field] = value;
  }
  if (Object.keys(tags).length > 0) spec.tags = tags;
  return spec as unknown as InstanceSpec;
}
