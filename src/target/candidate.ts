// One instance that might be the user's target, in a shape shared by what EC2 and SSM return,
// so matching, listing and checking never care where the data came from. Pure.
import type { Instance } from '@aws-sdk/client-ec2';
import type { InstanceInformation } from '@aws-sdk/client-ssm';
import type { ParsedTarget } from './parse-target.js';

/** An instance found while resolving a target. */
export interface Candidate {
  readonly instanceId: string;
  readonly name?: string;
  readonly privateIp?: string;
  readonly publicIp?: string;
  readonly privateDns?: string;
  readonly publicDns?: string;
  /** EC2 state name (`running`, `stopped`, …); undefined for hybrid nodes. */
  readonly state?: string;
  /** SSM ping status (`Online`, `ConnectionLost`), known for nodes found in the SSM inventory. */
  readonly pingStatus?: string;
}

function definedFields<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as T;
}

/** Reads the fields smsh shows from an EC2 DescribeInstances item. */
export function candidateFromEc2(instance: Instance): Candidate | undefined {
  if (instance.InstanceId === undefined) return undefined;
  return definedFields({
    instanceId: instance.InstanceId,
    name: instance.Tags?.find((tag) => tag.Key === 'Name')?.Value,
    privateIp: instance.PrivateIpAddress,
    publicIp: instance.PublicIpAddress,
    privateDns: instance.PrivateDnsName,
    publicDns: instance.PublicDnsName,
    state: instance.State?.Name,
  });
}

/** Reads the fields smsh shows from an SSM DescribeInstanceInformation item (hybrid nodes have no EC2 record). */
export function candidateFromInformation(info: InstanceInformation): Candidate | undefined {
  if (info.InstanceId === undefined) return undefined;
  return definedFields({
    instanceId: info.InstanceId,
    name: info.Name ?? info.ComputerName,
    privateIp: info.IPAddress,
    pingStatus: info.PingStatus,
  });
}

/** Joins lists of candidates from parallel lookups, one per instance id, in first-seen order. */
export function uniqueById(lists: readonly (readonly Candidate[])[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const list of lists) for (const candidate of list) if (!byId.has(candidate.instanceId)) byId.set(candidate.instanceId, candidate);
  return [...byId.values()];
}

function sameHost(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase().replace(/\.$/, '') === b.toLowerCase();
}

/**
 * Whether an SSM inventory entry is the target; used when EC2 knows no match (hybrid `mi-` nodes).
 * IPs match IPAddress; DNS names match the ComputerName; a name matches Name, ComputerName or its first label.
 */
export function informationMatches(target: ParsedTarget, info: InstanceInformation): boolean {
  switch (target.kind) {
    case 'instance-id':
      return info.InstanceId === target.id;
    case 'ip':
      return info.IPAddress === target.ip;
    case 'dns':
      return sameHost(info.ComputerName, target.name) || sameHost(info.Name, target.name);
    case 'name':
      return (
        info.Name === target.value ||
        sameHost(info.ComputerName, target.value) ||
        sameHost(info.ComputerName?.split('.')[0], target.value)
      );
    case 'tag':
      // Inventory entries carry no tags: the lookup filters by tag on the server instead.
      return true;
  }
}
