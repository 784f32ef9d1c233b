// ListCommands: commands newest first, with their aggregated status.
import type { EmulatorContext } from '../context.js';
import { InvalidCommandId, InvalidNextToken } from '../errors.js';
import { paginate } from '../pagination.js';
import { commandMatches, readCommandFilters } from './command-filters.js';
import type { CommandRecord } from './command-store.js';
import { optInt, optString, type JsonInput } from './input.js';
import { viewCommand } from './invocation-view.js';
import { renderCommand } from './shapes.js';
import { PATTERNS, Violations } from './validate.js';

const TERMINAL = ['Success', 'Cancelled', 'Failed', 'TimedOut'];

/** ListCommands handler. */
export function listCommands(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const commandId = optString(input, 'CommandId');
  const instanceId = optString(input, 'InstanceId');
  const maxResults = optInt(input, 'MaxResults');
  const v = new Violations()
    .length('commandId', commandId, 36, 36)
    .pattern('instanceId', instanceId, PATTERNS.instanceId)
    .range('maxResults', maxResults, 1, 50);
  const filters = readCommandFilters(input, v);
  v.throwIfAny();
  let commands: CommandRecord[];
  if (commandId !== undefined) {
    const command = ctx.store.get(commandId);
    if (!command) throw new InvalidCommandId();
    commands = [command];
  } else {
    commands = ctx.store.newestFirst();
  }
  const now = ctx.now();
  const matching = commands.filter((command) => {
    if (instanceId !== undefined && !command.invocations.some((i) => i.instance.instanceId === instanceId)) return false;
    const status = viewCommand(command, now).status;
    return commandMatches(command, status, TERMINAL.includes(status), filters);
  });
  const page = paginate(matching, maxResults ?? 50, optString(input, 'NextToken'), 'ListCommands', () => new InvalidNextToken());
  return {
    Commands: page.items.map((command) => renderCommand(command, now)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
