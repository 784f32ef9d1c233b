// SendCommand: validate like the service, resolve targets, record the command, hand each
// invocation to the agent. Nothing starts unless every check passed.
import type { EmulatorContext } from '../context.js';
import { DuplicateInstanceId, InvalidInstanceId, InvalidParameters, UnsupportedPlatformType, ValidationException } from '../errors.js';
import { newCommandId } from '../ids.js';
import type { Instance } from '../instances.js';
import type { CommandRecord, Invocation } from './command-store.js';
import { checkDocumentVersion, findDocument, runScriptParameters, type DocumentInfo } from './documents.js';
import { optInt, optString, optStringList, optStringListMap, optStruct, optStructList, type JsonInput } from './input.js';
import { renderCommand } from './shapes.js';
import { PATTERNS, Violations } from './validate.js';

interface Target {
  Key?: string;
  Values?: string[];
}

function readTargets(input: JsonInput): Target[] | undefined {
  return optStructList(input, 'Targets')?.map((t) => {
    const target: Target = {};
    const key = optString(t, 'Key');
    const values = optStringList(t, 'Values');
    if (key !== undefined) target.Key = key;
    if (values !== undefined) target.Values = values;
    return target;
  });
}

function validate(input: JsonInput, targets: Target[] | undefined): void {
  const v = new Violations();
  const documentName = optString(input, 'DocumentName');
  v.required('documentName', documentName).pattern('documentName', documentName, PATTERNS.documentArn);
  const instanceIds = optStringList(input, 'InstanceIds');
  v.length('instanceIds', instanceIds, 0, 50).eachPattern('instanceIds', instanceIds, PATTERNS.instanceId);
  v.length('targets', targets, 0, 5);
  targets?.forEach((t, i) => {
    v.length(`targets.${i + 1}.member.key`, t.Key, 1, 163).pattern(`targets.${i + 1}.member.key`, t.Key, PATTERNS.targetKey);
    v.length(`targets.${i + 1}.member.values`, t.Values, 0, 50);
  });
  v.pattern('documentVersion', optString(input, 'DocumentVersion'), PATTERNS.documentVersion);
  v.length('documentHash', optString(input, 'DocumentHash'), undefined, 256);
  v.oneOf('documentHashType', optString(input, 'DocumentHashType'), ['Sha256', 'Sha1']);
  v.range('timeoutSeconds', optInt(input, 'TimeoutSeconds'), 30, 2_592_000);
  v.length('comment', optString(input, 'Comment'), undefined, 100);
  v.length('outputS3Region', optString(input, 'OutputS3Region'), 3, 20);
  v.length('outputS3BucketName', optString(input, 'OutputS3BucketName'), 3, 63);
  v.length('outputS3KeyPrefix', optString(input, 'OutputS3KeyPrefix'), undefined, 500);
  const maxConcurrency = optString(input, 'MaxConcurrency');
  v.length('maxConcurrency', maxConcurrency, 1, 7).pattern('maxConcurrency', maxConcurrency, PATTERNS.maxConcurrency);
  const maxErrors = optString(input, 'MaxErrors');
  v.length('maxErrors', maxErrors, 1, 7).pattern('maxErrors', maxErrors, PATTERNS.maxErrors);
  const cloudWatch = optStruct(input, 'CloudWatchOutputConfig');
  if (cloudWatch) v.length('cloudWatchOutputConfig.cloudWatchLogGroupName', optString(cloudWatch, 'CloudWatchLogGroupName'), 1, 512);
  v.throwIfAny();
}

function notValid(ids: string[], accountId: string): InvalidInstanceId {
  return new InvalidInstanceId(`Instances [[${ids.join(', ')}]] not in a valid state for account ${accountId}`);
}

/** Online and running: the only instances the agent can be reached on. */
function reachable(instance: Instance): boolean {
  return instance.pingStatus === 'Online' && instance.state === 'running';
}

function byInstanceIds(ctx: EmulatorContext, ids: string[]): Instance[] {
  if (new Set(ids).size !== ids.length) throw new DuplicateInstanceId();
  const bad = ids.filter((id) => {
    const instance = ctx.instanceById.get(id);
    return !instance || !reachable(instance);
  });
  if (bad.length > 0) throw notValid(bad, ctx.accountId);
  return ids.map((id) => ctx.instanceById.get(id) as Instance);
}

function byTargets(ctx: EmulatorContext, targets: Target[], doc: DocumentInfo): Instance[] {
  return ctx.instances.filter((instance) => {
    if (!reachable(instance) || instance.platform !== doc.platform) return false;
    return targets.every(({ Key: key = '', Values: values = [] }) => {
      if (key === 'InstanceIds') return values.includes(instance.instanceId);
      if (key === 'tag-key') return values.some((k) => k in instance.tags);
      if (key.startsWith('tag:')) {
        const tag = instance.tags[key.slice(4)];
        return tag !== undefined && values.includes(tag);
      }
      throw new InvalidParameters(`Target key ${key} is not supported by the emulator.`);
    });
  });
}

function checkPlatform(instances: Instance[], doc: DocumentInfo): void {
  const wrong = instances.filter((i) => i.platform !== doc.platform);
  if (wrong.length > 0) {
    throw new UnsupportedPlatformType(
      `Document ${doc.name} does not support the platform of instances [${wrong.map((i) => `${i.instanceId} (${i.platform})`).join(', ')}].`,
    );
  }
  if (!doc.executable) {
    throw new UnsupportedPlatformType(`The emulator cannot run ${doc.name}; it only runs AWS-RunShellScript on Linux instances.`);
  }
}

/** SendCommand handler. */
export function sendCommand(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const targets = readTargets(input);
  validate(input, targets);
  const doc = findDocument(optString(input, 'DocumentName') ?? '');
  checkDocumentVersion(optString(input, 'DocumentVersion'));
  const parameters = optStringListMap(input, 'Parameters') ?? {};
  const script = runScriptParameters(parameters, ctx.realism.maxParameterBytes);
  const instanceIds = optStringList(input, 'InstanceIds') ?? [];
  const hasTargets = (targets?.length ?? 0) > 0;
  if (instanceIds.length > 0 && hasTargets) throw new ValidationException('InstanceIds and Targets cannot both be specified.');
  if (instanceIds.length === 0 && !hasTargets) throw new ValidationException('Either InstanceIds or Targets must be specified.');
  const instances = hasTargets ? byTargets(ctx, targets ?? [], doc) : byInstanceIds(ctx, instanceIds);
  checkPlatform(instances, doc);

  const now = ctx.now();
  const cloudWatch = optStruct(input, 'CloudWatchOutputConfig');
  const notification = optStruct(input, 'NotificationConfig');
  const invocations: Invocation[] = [];
  const command: CommandRecord = {
    commandId: newCommandId(),
    document: doc,
    documentVersion: optString(input, 'DocumentVersion') ?? '$DEFAULT',
    comment: optString(input, 'Comment') ?? '',
    parameters,
    script,
    instanceIds: hasTargets ? [] : instanceIds,
    targets: targets ?? [],
    requestedAt: now,
    timeoutSeconds: optInt(input, 'TimeoutSeconds') ?? 3600,
    maxConcurrency: optString(input, 'MaxConcurrency') ?? '50',
    maxErrors: optString(input, 'MaxErrors') ?? '0',
    outputS3Region: optString(input, 'OutputS3Region') ?? ctx.region,
    ...(optString(input, 'OutputS3BucketName') === undefined ? {} : { outputS3BucketName: optString(input, 'OutputS3BucketName') }),
    ...(optString(input, 'OutputS3KeyPrefix') === undefined ? {} : { outputS3KeyPrefix: optString(input, 'OutputS3KeyPrefix') }),
    ...(optString(input, 'ServiceRoleArn') === undefined ? {} : { serviceRole: optString(input, 'ServiceRoleArn') }),
    ...(cloudWatch
      ? {
          cloudWatchOutputConfig: {
            ...(optString(cloudWatch, 'CloudWatchLogGroupName') ? { CloudWatchLogGroupName: optString(cloudWatch, 'CloudWatchLogGroupName') } : {}),
            CloudWatchOutputEnabled: cloudWatch.CloudWatchOutputEnabled === true,
          },
        }
      : {}),
    ...(notification ? { notificationConfig: notification } : {}),
    ...(instances.length === 0 ? { emptyStatusDetails: 'No Instances In Tag' } : {}),
    invocations,
    cancelRequested: false,
  };
  for (const instance of instances) invocations.push({ command, instance, createdAt: now });
  ctx.agent.forget(ctx.store.add(command));
  for (const inv of invocations) ctx.agent.deliver(inv);
  return { Command: renderCommand(command, now) };
}
