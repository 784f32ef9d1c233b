import { toSmshError, type AwsErrorContext } from '../aws/errors.js';
import { classifyAwsError } from '../aws/retry.js';
import type { SsmPort } from '../session/ssm-port.js';

/**
 * The engine's SSM port with every failure turned into one SmshError that names the call, the
 * endpoint URL and the instance (toSmshError), so no front end prints a raw SDK or socket error
 * such as `connect ECONNREFUSED 127.0.0.1:…` when the endpoint dies mid-stream. Aborts pass
 * through untouched: they are how the caller stopped the call, not a failure to explain.
 */
export function describedPort(port: SsmPort, context: Omit<AwsErrorContext, 'operation'>): SsmPort {
  const described = <T>(operation: string, call: () => Promise<T>): Promise<T> =>
    call().catch((error: unknown) => {
      throw classifyAwsError(error) === 'aborted' ? error : toSmshError(error, { ...context, operation });
    });
  return {
    get calls() {
      return port.calls;
    },
    send: (script, options) => described('ssm:SendCommand', () => port.send(script, options)),
    get: (commandId, notFoundUntil, signal) => described('ssm:GetCommandInvocation', () => port.get(commandId, notFoundUntil, signal)),
    findInvocations: (since, comment) => described('ssm:ListCommandInvocations', () => port.findInvocations(since, comment)),
    cancel: (commandId) => described('ssm:CancelCommand', () => port.cancel(commandId)),
  };
}
