// The SSM operations the emulator implements, by X-Amz-Target operation name.
import type { EmulatorContext } from '../context.js';
import { cancelCommand } from './cancel-command.js';
import { describeInstanceInformation } from './describe-instance-information.js';
import { getCommandInvocation } from './get-command-invocation.js';
import type { JsonInput } from './input.js';
import { listCommandInvocations } from './list-command-invocations.js';
import { listCommands } from './list-commands.js';
import { sendCommand } from './send-command.js';

/** An SSM operation handler: JSON in, JSON out, AwsError thrown. */
export type SsmHandler = (ctx: EmulatorContext, input: JsonInput) => Record<string, unknown>;

/** Operation name → handler. */
export const SSM_OPERATIONS: Readonly<Record<string, SsmHandler>> = {
  SendCommand: sendCommand,
  GetCommandInvocation: getCommandInvocation,
  ListCommandInvocations: listCommandInvocations,
  ListCommands: listCommands,
  CancelCommand: cancelCommand,
  DescribeInstanceInformation: describeInstanceInformation,
};
