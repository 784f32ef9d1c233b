// CancelCommand: asks the agent to SIGKILL the group of each Pending/InProgress invocation.
// Returns {} at once, like the service ("no guarantee that the command will be terminated").
import type { EmulatorContext } from '../context.js';
import { DuplicateInstanceId, InvalidCommandId, InvalidInstanceId } from '../errors.js';
import { optString, optStringList, type JsonInput } from './input.js';
import { PATTERNS, Violations } from './validate.js';

/** CancelCommand handler. */
export function cancelCommand(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const commandId = optString(input, 'CommandId');
  const instanceIds = optStringList(input, 'InstanceIds');
  new Violations()
    .required('commandId', commandId)
    .length('commandId', commandId, 36, 36)
    .length('instanceIds', instanceIds, 0, 50)
    .eachPattern('instanceIds', instanceIds, PATTERNS.instanceId)
    .throwIfAny();
  const command = ctx.store.get(commandId ?? '');
  if (!command) throw new InvalidCommandId();
  if (instanceIds && new Set(instanceIds).size !== instanceIds.length) throw new DuplicateInstanceId();
  const unknown = (instanceIds ?? []).filter((id) => !command.invocations.some((i) => i.instance.instanceId === id));
  if (unknown.length > 0) throw new InvalidInstanceId(`Instances [[${unknown.join(', ')}]] are not part of command ${command.commandId}`);
  const chosen =
    instanceIds && instanceIds.length > 0
      ? command.invocations.filter((i) => instanceIds.includes(i.instance.instanceId))
      : command.invocations;
  const active = chosen.filter((i) => !i.outcome);
  if (active.length > 0) command.cancelRequested = true;
  for (const inv of active) ctx.agent.cancel(inv);
  return {};
}
