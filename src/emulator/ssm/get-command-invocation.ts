// GetCommandInvocation: one invocation, invisible for a short window after SendCommand
// (InvocationDoesNotExist, as the eventually consistent service answers).
import type { EmulatorContext } from '../context.js';
import { InvalidCommandId, InvalidPluginName, InvocationDoesNotExist } from '../errors.js';
import { optString, type JsonInput } from './input.js';
import { renderGetCommandInvocation } from './shapes.js';
import { PATTERNS, Violations } from './validate.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GetCommandInvocation handler. */
export function getCommandInvocation(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const commandId = optString(input, 'CommandId');
  const instanceId = optString(input, 'InstanceId');
  const pluginName = optString(input, 'PluginName');
  new Violations()
    .required('commandId', commandId)
    .length('commandId', commandId, 36, 36)
    .required('instanceId', instanceId)
    .pattern('instanceId', instanceId, PATTERNS.instanceId)
    .length('pluginName', pluginName, 4)
    .throwIfAny();
  const command = ctx.store.get(commandId ?? '');
  // An unknown but well-formed id reads like one not visible yet (eventual consistency).
  if (!command) throw UUID.test(commandId ?? '') ? new InvocationDoesNotExist() : new InvalidCommandId();
  const inv = command.invocations.find((i) => i.instance.instanceId === instanceId);
  const now = ctx.now();
  if (!inv || now < inv.createdAt + ctx.realism.invocationNotFoundMs) throw new InvocationDoesNotExist();
  if (pluginName !== undefined && pluginName !== command.document.pluginName) throw new InvalidPluginName();
  return renderGetCommandInvocation(inv, now);
}
