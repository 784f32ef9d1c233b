// Turns what the user typed into exactly one managed, Online, non-Windows instance, or one
// clear SmshError. The cheapest path wins: an instance id costs one SSM call and never loads
// the EC2 client; an IP, DNS name, Name or tag asks EC2 (two filters in parallel where AWS
// cannot OR them), then checks the one match with one SSM call. When EC2 knows nothing, the SSM
// inventory of hybrid nodes is searched (bounded), which is how `mi-` nodes are found by IP, name
// or tag; the entry found there is checked without another call. EC2 filter values keep EC2's
// `*`/`?` wildcards, so `web-*` lists every match (or resolves the only one).
import type { EC2Client, Filter, Instance } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, type InstanceInformation, type InstanceInformationStringFilter, type SSMClient } from '@aws-sdk/client-ssm';
import { SmshError } from '../util/smsh-error.js';
import { inspectAwsError } from '../aws/error-shape.js';
import { toSmshError } from '../aws/errors.js';
import type { Governor } from '../aws/governor.js';
import { callAws, type CallAwsOptions } from '../aws/retry.js';
import { ambiguousMessage } from './ambiguity.js';
import { candidateFromEc2, candidateFromInformation, informationMatches, uniqueById, type Candidate } from './candidate.js';
import { describeTarget, looksLikeBrokenId, parseTarget, type ParsedTarget } from './parse-target.js';
import { labelOf, managedProblem, stateProblem } from './readiness.js';

/** The instance a session will run commands on, with what EC2 and SSM said about it. */
export interface ResolvedTarget {
  readonly instanceId: string;
  readonly name?: string;
  readonly privateIp?: string;
  readonly publicIp?: string;
  /** EC2 state; undefined when resolved by id (only SSM was asked) or for hybrid nodes. */
  readonly state?: string;
  readonly platformType?: string;
  readonly platformName?: string;
  readonly platformVersion?: string;
  readonly agentVersion?: string;
  readonly pingStatus?: string;
  readonly computerName?: string;
  /** `EC2Instance` or `ManagedInstance` (hybrid). */
  readonly resourceType?: string;
  /** How the user's text was read. */
  readonly matchedBy: ParsedTarget['kind'];
  /** Logical API calls the resolution made (retries not counted; see the governor for those). */
  readonly apiCalls: { readonly ssm: number; readonly ec2: number };
}

/** Retry knobs a caller (or a test) may tune for resolution calls. */
export type ResolveRetryOptions = Pick<CallAwsOptions, 'retries' | 'unreachableRetries' | 'minTimeout' | 'maxTimeout' | 'random'>;

/** Options of resolveTarget: the clients are injected so tests build them by hand. */
export interface ResolveTargetOptions {
  readonly ssm: SSMClient;
  /** Loads the EC2 client; called only when the target is not an instance id. */
  readonly ec2: () => Promise<EC2Client>;
  readonly governor: Governor;
  readonly signal?: AbortSignal | undefined;
  /** Named in "not managed" messages, since a wrong region is the usual cause. */
  readonly region?: string | undefined;
  /** Endpoint URLs named in network errors. */
  readonly endpointFor?: ((service: 'ssm' | 'ec2') => string) | undefined;
  readonly retry?: ResolveRetryOptions | undefined;
  /** Pages of DescribeInstanceInformation (50 nodes each) searched when EC2 finds nothing. @default 20 */
  readonly maxInventoryPages?: number | undefined;
  /** Pages of DescribeInstances followed per filter. @default 10 */
  readonly maxEc2Pages?: number | undefined;
}

// Codes DescribeInstanceInformation answers for an id that does not exist or is malformed.
const UNKNOWN_ID_CODES = new Set(['InvalidInstanceId', 'InvalidInstanceInformationFilterValue']);

// EC2 states a target can be in; terminated instances are never candidates.
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

/** The EC2 filter sets (each one DescribeInstances call, run in parallel) that find a target. Pure. */
export function ec2FilterSets(target: ParsedTarget): Filter[][] {
  const live: Filter = { Name: 'instance-state-name', Values: LIVE_STATES };
  const one = (name: string, value: string): Filter[] => [{ Name: name, Values: [value] }, live];
  switch (target.kind) {
    case 'ip':
      return [one('private-ip-address', target.ip), one('ip-address', target.ip)];
    case 'dns':
      return [one('private-dns-name', target.name), one('dns-name', target.name)];
    case 'name':
      return [one('tag:Name', target.value)];
    case 'tag':
      return [one(`tag:${target.key}`, target.value)];
    case 'instance-id':
      return [one('instance-id', target.id)];
  }
}

/** Finds the one instance the user means and checks SSM can run commands on it; throws SmshError otherwise. */
export async function resolveTarget(text: string, options: ResolveTargetOptions): Promise<ResolvedTarget> {
  const target = parseTarget(text);
  const calls = { ssm: 0, ec2: 0 };
  const { signal, governor } = options;

  const run = async <T>(service: 'ssm' | 'ec2', operation: string, fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> => {
    calls[service] += 1;
    try {
      return await callAws(fn, { ...options.retry, signal, governor });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw toSmshError(error, {
        operation,
        ...(options.endpointFor === undefined ? {} : { endpoint: options.endpointFor(service) }),
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(service === 'ec2' ? { hint: 'or give the instance id' } : {}),
      });
    }
  };

  const describeInformation = async (
    filters: InstanceInformationStringFilter[],
    nextToken?: string,
  ): Promise<{ list: InstanceInformation[]; nextToken: string | undefined }> => {
    const output = await run('ssm', 'ssm:DescribeInstanceInformation', (abortSignal) =>
      options.ssm.send(
        new DescribeInstanceInformationCommand({ Filters: filters, MaxResults: 50, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
        { abortSignal },
      ),
    );
    return { list: output.InstanceInformationList ?? [], nextToken: output.NextToken === '' ? undefined : output.NextToken };
  };

  // Inventory entries already read by the hybrid search need not be asked for again.
  const known = new Map<string, InstanceInformation>();

  // What SSM knows about one id (one DescribeInstanceInformation), or undefined when it does not list it.
  const informationFor = async (instanceId: string): Promise<InstanceInformation | undefined> => {
    const cached = known.get(instanceId);
    if (cached !== undefined) return cached;
    try {
      const { list } = await describeInformation([{ Key: 'InstanceIds', Values: [instanceId] }]);
      return list.find((item) => item.InstanceId === instanceId);
    } catch (error) {
      // AWS may reject an id it has never seen instead of listing nothing: that is "not managed" too.
      const code = error instanceof SmshError ? inspectAwsError(error.cause).awsCode : undefined;
      if (code === undefined || !UNKNOWN_ID_CODES.has(code)) throw error;
      return undefined;
    }
  };

  // The last step for every kind of target: managed, Online, not Windows?
  const checkManaged = async (candidate: Candidate): Promise<ResolvedTarget> => {
    const info = await informationFor(candidate.instanceId);
    const problem = managedProblem(candidate.instanceId, candidate.name, info, options.region);
    if (problem !== undefined) throw new SmshError('target', problem);
    return toResolved(candidate, info, target.kind, calls);
  };

  if (target.kind === 'instance-id') {
    return checkManaged({ instanceId: target.id });
  }

  const ec2 = await options.ec2();
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const maxEc2Pages = options.maxEc2Pages ?? 10;
  const describeInstances = async (filters: Filter[]): Promise<Candidate[]> => {
    const found: Candidate[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < maxEc2Pages; page += 1) {
      const output = await run('ec2', 'ec2:DescribeInstances', (abortSignal) =>
        ec2.send(new DescribeInstancesCommand({ Filters: filters, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }), {
          abortSignal,
        }),
      );
      const instances: Instance[] = (output.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
      for (const instance of instances) {
        const candidate = candidateFromEc2(instance);
        if (candidate !== undefined) found.push(candidate);
      }
      nextToken = output.NextToken === '' ? undefined : output.NextToken;
      if (nextToken === undefined) break;
    }
    return found;
  };

  let candidates = uniqueById(await Promise.all(ec2FilterSets(target).map(describeInstances)));
  // A dotted Name tag ("api.prod") reads as a DNS name: try it as a Name before giving up on EC2.
  if (candidates.length === 0 && target.kind === 'dns') {
    candidates = await describeInstances(ec2FilterSets({ kind: 'name', value: text.trim() })[0] ?? []);
  }
  if (candidates.length === 0) {
    const inventory = await searchInventory(target, describeInformation, options.maxInventoryPages ?? 20);
    for (const info of inventory) if (info.InstanceId !== undefined) known.set(info.InstanceId, info);
    candidates = uniqueById([inventory.map(candidateFromInformation).filter((candidate) => candidate !== undefined)]);
  }

  const described = describeTarget(target);
  if (candidates.length === 0) {
    const where = options.region === undefined ? '' : ` in ${options.region}`;
    const hint = looksLikeBrokenId(text.trim()) ? ': instance ids are i- followed by 8 or 17 characters, or mi- and 17' : '';
    throw new SmshError('target', `no instance matches ${described}${where}${hint}`);
  }
  if (candidates.length > 1) throw new SmshError('target', ambiguousMessage(described, candidates));
  const [only] = candidates as [Candidate];
  const problem = stateProblem(only);
  if (problem !== undefined) throw new SmshError('target', problem);
  return checkManaged(only);
}

// The bounded SSM inventory search for nodes EC2 does not know (hybrid, on-premises).
async function searchInventory(
  target: ParsedTarget,
  describe: (filters: InstanceInformationStringFilter[], nextToken?: string) => Promise<{ list: InstanceInformation[]; nextToken: string | undefined }>,
  maxPages: number,
): Promise<InstanceInformation[]> {
  const filters: InstanceInformationStringFilter[] = [{ Key: 'ResourceType', Values: ['ManagedInstance'] }];
  if (target.kind === 'tag') filters.push({ Key: `tag:${target.key}`, Values: [target.value] });
  const found: InstanceInformation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { list, nextToken: next } = await describe(filters, nextToken);
    found.push(...list.filter((info) => informationMatches(target, info)));
    nextToken = next;
    if (nextToken === undefined) break;
  }
  return found;
}

function toResolved(
  candidate: Candidate,
  info: InstanceInformation | undefined,
  matchedBy: ParsedTarget['kind'],
  calls: { ssm: number; ec2: number },
): ResolvedTarget {
  const fields = {
    instanceId: candidate.instanceId,
    name: candidate.name ?? info?.Name,
    privateIp: candidate.privateIp ?? info?.IPAddress,
    publicIp: candidate.publicIp,
    state: candidate.state,
    platformType: info?.PlatformType,
    platformName: info?.PlatformName,
    platformVersion: info?.PlatformVersion,
    agentVersion: info?.AgentVersion,
    pingStatus: info?.PingStatus,
    computerName: info?.ComputerName,
    resourceType: info?.ResourceType,
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
  return { ...(defined as Omit<ResolvedTarget, 'matchedBy' | 'apiCalls'>), instanceId: candidate.instanceId, matchedBy, apiCalls: { ...calls } };
}

/** How a resolved target is named in prompts and status lines. */
export function targetLabel(target: ResolvedTarget): string {
  return labelOf(target.instanceId, target.name);
}
