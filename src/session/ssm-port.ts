import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { callAws } from '../aws/retry.js';
import type { Governor } from '../aws/governor.js';

/** The SSM calls the engine makes, each through smsh's retry policy and the session's governor. */
export interface SsmPort {
  /** Sends one shell script as AWS-RunShellScript; resolves to the CommandId. */
  send(script: string, options: SendOptions): Promise<string>;
  /** Reads an invocation; InvocationDoesNotExist is retried until `notFoundUntil`. */
  get(commandId: string, notFoundUntil: number, signal?: AbortSignal): Promise<Invocation>;
  /** Ids of this instance's invocations requested after `since` (ms) with this Comment, oldest first. */
  findInvocations(since: number, comment: string): Promise<string[]>;
  /** Asks the agent to kill an invocation (it SIGKILLs the script's process group). */
  cancel(commandId: string): Promise<void>;
  /** API calls made so far, by operation, for benches and `--json`. */
  readonly calls: Record<string, number>;
}

/** Options of one SendCommand. */
export interface SendOptions {
  comment: string;
  executionTimeoutSeconds: number;
  signal?: AbortSignal;
}

/** The parts of GetCommandInvocation the engine uses. */
export interface Invocation {
  status: string;
  statusDetails: string;
  responseCode: number;
  stdout: string;
  stderr: string;
}

/** Statuses after which an invocation never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

/** Options of createSsmPort. */
export interface SsmPortOptions {
  ssm: SSMClient;
  governor: Governor;
  instanceId: string;
  /** Backoff bounds of retries, in ms (tests pass small ones). */
  minRetryMs?: number;
  maxRetryMs?: number;
}

/** Builds the port over a real SSM client. */
export function createSsmPort(o: SsmPortOptions): SsmPort {
  const calls: Record<string, number> = {};
  const count = (op: string) => (calls[op] = (calls[op] ?? 0) + 1);
  const policy = { governor: o.governor, minTimeout: o.minRetryMs ?? 100, maxTimeout: o.maxRetryMs ?? 5000 };
  return {
    calls,
    async send(script, options) {
      const out = await callAws(
        (signal) => {
          count('SendCommand');
          return o.ssm.send(
            new SendCommandCommand({
              DocumentName: 'AWS-RunShellScript',
              InstanceIds: [o.instanceId],
              Comment: options.comment.slice(0, 100),
              Parameters: {
                commands: [script],
                executionTimeout: [String(options.executionTimeoutSeconds)],
              },
            }),
            { abortSignal: signal },
          );
        },
        { ...policy, signal: options.signal },
      );
      const id = out.Command?.CommandId;
      if (!id) throw new Error('SendCommand returned no CommandId');
      return id;
    },
    async get(commandId, notFoundUntil, signal) {
      const out: GetCommandInvocationCommandOutput = await callAws(
        (s) => {
          count('GetCommandInvocation');
          return o.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: o.instanceId }), {
            abortSignal: s,
          });
        },
        { ...policy, signal, retryNotFoundUntil: notFoundUntil },
      );
      return {
        status: out.Status ?? 'Pending',
        statusDetails: out.StatusDetails ?? '',
        responseCode: out.ResponseCode ?? -1,
        stdout: out.StandardOutputContent ?? '',
        stderr: out.StandardErrorContent ?? '',
      };
    },
    async findInvocations(since, comment) {
      const ids: { id: string; at: number }[] = [];
      let token: string | undefined;
      for (let page = 0; page < 5; page++) {
        const out = await callAws(
          () => {
            count('ListCommandInvocations');
            return o.ssm.send(
              new ListCommandInvocationsCommand({
                InstanceId: o.instanceId,
                Filters: [{ key: 'InvokedAfter', value: new Date(since).toISOString() }],
                MaxResults: 50,
                ...(token ? { NextToken: token } : {}),
              }),
            );
          },
          policy,
        );
        for (const inv of out.CommandInvocations ?? []) {
          if (inv.Comment === comment && inv.CommandId) ids.push({ id: inv.CommandId, at: inv.RequestedDateTime?.getTime() ?? 0 });
        }
        token = out.NextToken;
        if (!token) break;
      }
      return ids.sort((a, b) => a.at - b.at).map((x) => x.id);
    },
    async cancel(commandId) {
      await callAws(
        () => {
          count('CancelCommand');
          return o.ssm.send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: [o.instanceId] }));
        },
        policy,
      );
    },
  };
}
