// Renders records as the model's output shapes (Command, CommandInvocation, CommandPlugin,
// GetCommandInvocationResult). Empty strings where the real service sends them and the model
// allows them; members the model constrains (min length, enums) are left out when empty.
import { pluginOutput } from '../exec/output-capture.js';
import { epochSeconds, isoDuration, isoMillis } from '../time-format.js';
import type { CommandRecord, Invocation } from './command-store.js';
import { executionTimeoutSeconds } from './documents.js';
import { viewCommand, viewInvocation } from './invocation-view.js';

function cloudWatch(command: CommandRecord): Record<string, unknown> {
  const c = command.cloudWatchOutputConfig;
  return {
    ...(c?.CloudWatchLogGroupName ? { CloudWatchLogGroupName: c.CloudWatchLogGroupName } : {}),
    CloudWatchOutputEnabled: c?.CloudWatchOutputEnabled ?? false,
  };
}

function notification(command: CommandRecord): Record<string, unknown> {
  return command.notificationConfig ?? { NotificationArn: '', NotificationEvents: [] };
}

/** The model's Command shape (SendCommand, ListCommands). */
export function renderCommand(command: CommandRecord, now: number): Record<string, unknown> {
  const view = viewCommand(command, now);
  const execSeconds = executionTimeoutSeconds(command.script.executionTimeout);
  return {
    CommandId: command.commandId,
    DocumentName: command.document.name,
    DocumentVersion: command.documentVersion,
    Comment: command.comment,
    ExpiresAfter: epochSeconds(command.requestedAt + (command.timeoutSeconds + execSeconds) * 1000),
    Parameters: command.parameters,
    InstanceIds: command.instanceIds,
    Targets: command.targets,
    RequestedDateTime: epochSeconds(command.requestedAt),
    Status: view.status,
    StatusDetails: view.statusDetails,
    OutputS3Region: command.outputS3Region,
    ...(command.outputS3BucketName ? { OutputS3BucketName: command.outputS3BucketName } : {}),
    OutputS3KeyPrefix: command.outputS3KeyPrefix ?? '',
    MaxConcurrency: command.maxConcurrency,
    MaxErrors: command.maxErrors,
    TargetCount: view.targetCount,
    CompletedCount: view.completedCount,
    ErrorCount: view.errorCount,
    DeliveryTimedOutCount: 0,
    ServiceRole: command.serviceRole ?? '',
    NotificationConfig: notification(command),
    CloudWatchOutputConfig: cloudWatch(command),
    TimeoutSeconds: command.timeoutSeconds,
  };
}

/** The model's CommandInvocation shape (ListCommandInvocations); plugins only with Details. */
export function renderCommandInvocation(inv: Invocation, now: number, details: boolean): Record<string, unknown> {
  const command = inv.command;
  const view = viewInvocation(inv, now);
  const plugin = {
    Name: command.document.pluginName,
    Status: view.pluginStatus,
    StatusDetails: view.statusDetails,
    ResponseCode: view.responseCode,
    ...(view.startedAt === undefined ? {} : { ResponseStartDateTime: epochSeconds(view.startedAt) }),
    ...(view.endedAt === undefined ? {} : { ResponseFinishDateTime: epochSeconds(view.endedAt) }),
    Output: pluginOutput(view.stdout, view.stderr).toString('utf8'),
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: command.outputS3Region,
    ...(command.outputS3BucketName ? { OutputS3BucketName: command.outputS3BucketName } : {}),
    OutputS3KeyPrefix: command.outputS3KeyPrefix ?? '',
  };
  return {
    CommandId: command.commandId,
    InstanceId: inv.instance.instanceId,
    InstanceName: inv.instance.privateDns,
    Comment: command.comment,
    DocumentName: command.document.name,
    DocumentVersion: command.documentVersion,
    RequestedDateTime: epochSeconds(command.requestedAt),
    Status: view.status,
    StatusDetails: view.statusDetails,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details ? [plugin] : [],
    ServiceRole: command.serviceRole ?? '',
    NotificationConfig: notification(command),
    CloudWatchOutputConfig: cloudWatch(command),
  };
}

/** The model's GetCommandInvocationResult; Execution* are strings, "" until known. */
export function renderGetCommandInvocation(inv: Invocation, now: number): Record<string, unknown> {
  const command = inv.command;
  const view = viewInvocation(inv, now);
  const ended = view.endedAt !== undefined && view.terminal;
  return {
    CommandId: command.commandId,
    InstanceId: inv.instance.instanceId,
    Comment: command.comment,
    DocumentName: command.document.name,
    DocumentVersion: command.documentVersion,
    PluginName: command.document.pluginName,
    ResponseCode: view.responseCode,
    ExecutionStartDateTime: view.startedAt === undefined ? '' : isoMillis(view.startedAt),
    ExecutionElapsedTime:
      ended && view.startedAt !== undefined && view.endedAt !== undefined ? isoDuration(view.endedAt - view.startedAt) : '',
    ExecutionEndDateTime: ended && view.endedAt !== undefined ? isoMillis(view.endedAt) : '',
    Status: view.status,
    StatusDetails: view.statusDetails,
    StandardOutputContent: view.stdout.toString('utf8'),
    StandardOutputUrl: '',
    StandardErrorContent: view.stderr.toString('utf8'),
    StandardErrorUrl: '',
    CloudWatchOutputConfig: cloudWatch(command),
  };
}
