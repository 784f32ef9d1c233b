// DescribeInstanceInformation: the managed-instance inventory (stopped/terminated ones are not
// returned), filtered by InstanceInformationFilterList or Filters, paginated 5..50.
import type { EmulatorContext } from '../context.js';
import { InvalidFilterKey, InvalidInstanceInformationFilterValue, InvalidNextToken, ValidationException } from '../errors.js';
import { stableHex } from '../ids.js';
import type { Instance } from '../instances.js';
import { paginate } from '../pagination.js';
import { epochSeconds } from '../time-format.js';
import { optInt, optString, optStringList, optStructList, type JsonInput } from './input.js';
import { PATTERNS, Violations } from './validate.js';

const ENUM_KEYS = ['InstanceIds', 'AgentVersion', 'PingStatus', 'PlatformTypes', 'ActivationIds', 'IamRole', 'ResourceType', 'AssociationStatus'];

interface Filter {
  key: string;
  values: string[];
}

function readFilters(input: JsonInput, v: Violations): Filter[] {
  const out: Filter[] = [];
  const legacy = optStructList(input, 'InstanceInformationFilterList');
  const modern = optStructList(input, 'Filters');
  legacy?.forEach((f, i) => {
    const key = optString(f, 'key');
    const values = optStringList(f, 'valueSet');
    const at = `instanceInformationFilterList.${i + 1}.member`;
    v.required(`${at}.key`, key).oneOf(`${at}.key`, key, ENUM_KEYS);
    v.required(`${at}.valueSet`, values).length(`${at}.valueSet`, values, 1, 100);
    out.push({ key: key ?? '', values: values ?? [] });
  });
  modern?.forEach((f, i) => {
    const key = optString(f, 'Key');
    const values = optStringList(f, 'Values');
    const at = `filters.${i + 1}.member`;
    v.required(`${at}.key`, key).length(`${at}.key`, key, 1);
    v.required(`${at}.values`, values).length(`${at}.values`, values, 1, 100);
    out.push({ key: key ?? '', values: values ?? [] });
  });
  if (legacy && legacy.length > 0 && modern && modern.length > 0) {
    throw new ValidationException('InstanceInformationFilterList and Filters cannot be used together.');
  }
  return out;
}

function activationId(instance: Instance): string {
  const h = stableHex(`activation:${instance.instanceId}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function matches(instance: Instance, filter: Filter): boolean {
  const { key, values } = filter;
  switch (key) {
    case 'InstanceIds':
      if (values.some((id) => !PATTERNS.instanceId.re.test(id))) {
        throw new InvalidInstanceInformationFilterValue(`Invalid instance id in filter: ${values.join(', ')}`);
      }
      return values.includes(instance.instanceId);
    case 'AgentVersion':
      return values.includes(instance.agentVersion);
    case 'PingStatus':
      return values.includes(instance.pingStatus);
    case 'PlatformTypes':
      return values.includes(instance.platform);
    case 'ResourceType':
      return values.includes(instance.resourceType);
    case 'ActivationIds':
      return instance.resourceType === 'ManagedInstance' && values.includes(activationId(instance));
    case 'IamRole':
      return values.includes('SSMServiceRole');
    case 'AssociationStatus':
      return values.includes('Success');
    case 'tag-key':
      return values.some((k) => k in instance.tags);
  }
  if (key.startsWith('tag:')) {
    const tag = instance.tags[key.slice(4)];
    return tag !== undefined && values.includes(tag);
  }
  throw new InvalidFilterKey(`The filter key ${key} is not valid.`);
}

function render(ctx: EmulatorContext, instance: Instance, now: number): Record<string, unknown> {
  const online = instance.pingStatus === 'Online';
  const managed = instance.resourceType === 'ManagedInstance';
  return {
    InstanceId: instance.instanceId,
    PingStatus: instance.pingStatus,
    LastPingDateTime: epochSeconds(online ? now - 5_000 : ctx.startedAt - 3_600_000),
    AgentVersion: instance.agentVersion,
    IsLatestVersion: false,
    PlatformType: instance.platform,
    PlatformName: instance.platformName,
    PlatformVersion: instance.platformVersion,
    ...(managed
      ? { ActivationId: activationId(instance), IamRole: 'SSMServiceRole', RegistrationDate: epochSeconds(ctx.startedAt) }
      : {}),
    ResourceType: instance.resourceType,
    ...(managed ? { Name: instance.name } : {}),
    IPAddress: instance.privateIp,
    ComputerName: instance.privateDns || instance.instanceId,
    SourceId: instance.instanceId,
    SourceType: managed ? 'AWS::SSM::ManagedInstance' : 'AWS::EC2::Instance',
  };
}

/** DescribeInstanceInformation handler. */
export function describeInstanceInformation(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const maxResults = optInt(input, 'MaxResults');
  const v = new Violations().range('maxResults', maxResults, 5, 50);
  const filters = readFilters(input, v);
  v.throwIfAny();
  const listed = ctx.instances.filter((i) => i.state !== 'stopped' && i.state !== 'terminated');
  const matching = listed.filter((instance) => filters.every((f) => matches(instance, f)));
  const page = paginate(matching, maxResults ?? 50, optString(input, 'NextToken'), 'DescribeInstanceInformation', () => new InvalidNextToken());
  const now = ctx.now();
  return {
    InstanceInformationList: page.items.map((i) => render(ctx, i, now)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
