// ListCommandInvocations: newest first, optionally for one command and/or instance, with
// CommandPlugins (and their 2,500-byte Output) only when Details is true.
import type { EmulatorContext } from '../context.js';
import { InvalidCommandId, InvalidNextToken } from '../errors.js';
import { paginate } from '../pagination.js';
import { commandMatches, readCommandFilters } from './command-filters.js';
import type { Invocation } from './command-store.js';
import { optBool, optInt, optString, type JsonInput } from './input.js';
import { viewInvocation } from './invocation-view.js';
import { renderCommandInvocation } from './shapes.js';
import { PATTERNS, Violations } from './validate.js';

/** ListCommandInvocations handler. */
export function listCommandInvocations(ctx: EmulatorContext, input: JsonInput): Record<string, unknown> {
  const commandId = optString(input, 'CommandId');
  const instanceId = optString(input, 'InstanceId');
  const maxResults = optInt(input, 'MaxResults');
  const details = optBool(input, 'Details') ?? false;
  const v = new Violations()
    .length('commandId', commandId, 36, 36)
    .pattern('instanceId', instanceId, PATTERNS.instanceId)
    .range('maxResults', maxResults, 1, 50);
  const filters = readCommandFilters(input, v);
  v.throwIfAny();
  const commands = commandId === undefined ? ctx.store.newestFirst() : [ctx.store.get(commandId)];
  if (commands[0] === undefined && commandId !== undefined) throw new InvalidCommandId();
  const now = ctx.now();
  const matching: Invocation[] = [];
  for (const command of commands) {
    if (!command) continue;
    for (const inv of command.invocations) {
      if (instanceId !== undefined && inv.instance.instanceId !== instanceId) continue;
      const view = viewInvocation(inv, now);
      if (commandMatches(command, view.status, view.terminal, filters)) matching.push(inv);
    }
  }
  const page = paginate(matching, maxResults ?? 50, optString(input, 'NextToken'), 'ListCommandInvocations', () => new InvalidNextToken());
  return {
    CommandInvocations: page.items.map((inv) => renderCommandInvocation(inv, now, details)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
