// EC2 DescribeInstances over the query protocol: InstanceId.N, Filter.N (with * and ? wildcards),
// MaxResults/NextToken; one reservation per instance; hybrid (mi-) instances are not EC2's.
import type { EmulatorContext } from '../context.js';
import {
  DryRunOperation,
  InvalidInstanceIDMalformed,
  InvalidInstanceIDNotFound,
  InvalidParameterCombination,
  InvalidParameterValue,
} from '../errors.js';
import { ec2Filters, numberedList } from '../http/query-params.js';
import { itemList, type XmlTree } from '../http/xml.js';
import { stableHex } from '../ids.js';
import type { Instance, InstanceStateName } from '../instances.js';
import { paginate } from '../pagination.js';
import { matchesAny, wildcardToRegExp } from './wildcard.js';

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const EC2_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

type Field = (instance: Instance) => string | undefined;

/** Filters the emulator supports, by name; tag:<key> is handled apart. */
const FILTER_FIELDS: Record<string, Field> = {
  'instance-id': (i) => i.instanceId,
  'private-ip-address': (i) => i.privateIp,
  'ip-address': (i) => i.publicIp,
  'private-dns-name': (i) => i.privateDns,
  'dns-name': (i) => i.publicDns || undefined,
  'instance-state-name': (i) => i.state,
};

function filterMatches(instance: Instance, name: string, patterns: RegExp[]): boolean {
  if (name.startsWith('tag:')) return matchesAny(instance.tags[name.slice(4)], patterns);
  if (name === 'tag-key') return Object.keys(instance.tags).some((k) => matchesAny(k, patterns));
  const field = FILTER_FIELDS[name];
  return field ? matchesAny(field(instance), patterns) : false;
}

function render(ctx: EmulatorContext, instance: Instance): XmlTree {
  const h = (what: string, n: number): string => stableHex(`${what}:${instance.instanceId}`, n);
  const running = instance.state === 'running';
  const item: XmlTree = {
    instanceId: instance.instanceId,
    imageId: `ami-${h('ami', 17)}`,
    instanceState: { code: STATE_CODES[instance.state], name: instance.state },
    privateDnsName: instance.privateDns,
    dnsName: running ? instance.publicDns : '',
    reason: '',
    amiLaunchIndex: 0,
    productCodes: '',
    instanceType: 't3.micro',
    launchTime: new Date(ctx.startedAt).toISOString(),
    placement: { availabilityZone: `${ctx.region}a`, groupName: '', tenancy: 'default' },
    ...(instance.platform === 'Windows' ? { platform: 'windows' } : {}),
    monitoring: { state: 'disabled' },
    subnetId: `subnet-${h('subnet', 17)}`,
    vpcId: `vpc-${h('vpc', 17)}`,
    privateIpAddress: instance.privateIp,
    ...(running && instance.publicIp ? { ipAddress: instance.publicIp } : {}),
    sourceDestCheck: true,
    groupSet: '',
    architecture: process.arch === 'arm64' ? 'arm64' : 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: '',
    virtualizationType: 'hvm',
    clientToken: '',
    tagSet: itemList(Object.entries(instance.tags).map(([key, value]) => ({ key, value }))),
    hypervisor: 'xen',
    networkInterfaceSet: '',
    ebsOptimized: false,
    platformDetails: instance.platform === 'Windows' ? 'Windows' : 'Linux/UNIX',
  };
  return {
    reservationId: `r-${h('reservation', 17)}`,
    ownerId: ctx.accountId,
    groupSet: '',
    instancesSet: { item: [item] },
  };
}

/** DescribeInstances handler: returns the content of <DescribeInstancesResponse>. */
export function describeInstances(ctx: EmulatorContext, params: URLSearchParams): XmlTree {
  const ids = numberedList(params, 'InstanceId');
  const maxResultsText = params.get('MaxResults');
  const filters = ec2Filters(params);
  for (const id of ids) if (!EC2_ID.test(id)) throw new InvalidInstanceIDMalformed(id);
  for (const f of filters) {
    if (!(f.name in FILTER_FIELDS) && !f.name.startsWith('tag:') && f.name !== 'tag-key') {
      throw new InvalidParameterValue(`The filter '${f.name}' is invalid`);
    }
  }
  let maxResults = 1000;
  if (maxResultsText !== null) {
    if (ids.length > 0) {
      throw new InvalidParameterCombination('The parameter instancesSet cannot be used with the parameter maxResults');
    }
    maxResults = Number(maxResultsText);
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000) {
      throw new InvalidParameterValue(`Value ( ${maxResultsText} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
    }
  }
  const ec2Instances = ctx.instances.filter((i) => i.instanceId.startsWith('i-'));
  const missing = ids.filter((id) => !ec2Instances.some((i) => i.instanceId === id));
  if (missing.length > 0) throw new InvalidInstanceIDNotFound(missing);
  if (params.get('DryRun') === 'true') throw new DryRunOperation();
  const compiled = filters.map((f) => ({ name: f.name, patterns: f.values.map(wildcardToRegExp) }));
  const matching = ec2Instances.filter(
    (i) => (ids.length === 0 || ids.includes(i.instanceId)) && compiled.every((f) => filterMatches(i, f.name, f.patterns)),
  );
  const page = paginate(
    matching,
    maxResults,
    params.get('NextToken') ?? undefined,
    'DescribeInstances',
    () => new InvalidParameterValue('The token is not valid.'),
  );
  return {
    reservationSet: itemList(page.items.map((i) => render(ctx, i))),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
