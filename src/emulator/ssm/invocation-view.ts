// What the service shows of an invocation at a given moment: pure functions of the record and
// the clock, so report delays need no timers.
import type { CommandRecord, Invocation } from './command-store.js';

/** CommandInvocationStatus of the model. */
export type InvocationStatus = 'Pending' | 'InProgress' | 'Delayed' | 'Success' | 'Cancelled' | 'TimedOut' | 'Failed' | 'Cancelling';
/** CommandPluginStatus of the model (no Cancelling, no Delayed). */
export type PluginStatus = 'Pending' | 'InProgress' | 'Success' | 'TimedOut' | 'Cancelled' | 'Failed';
/** CommandStatus of the model. */
export type CommandStatus = 'Pending' | 'InProgress' | 'Success' | 'Cancelled' | 'Failed' | 'TimedOut' | 'Cancelling';

/** An invocation as visible at one instant. */
export interface InvocationView {
  status: InvocationStatus;
  statusDetails: string;
  pluginStatus: PluginStatus;
  responseCode: number;
  /** Set once the script started. */
  startedAt?: number;
  /** Set once the final status is visible. */
  endedAt?: number;
  stdout: Buffer;
  stderr: Buffer;
  terminal: boolean;
}

const EMPTY = Buffer.alloc(0);

/** The invocation at time `now`: outputs and exit code appear only with the final status. */
export function viewInvocation(inv: Invocation, now: number): InvocationView {
  const reported = inv.outcome !== undefined && inv.reportAt !== undefined && now >= inv.reportAt;
  if (reported && inv.outcome) {
    return {
      status: inv.outcome.status,
      statusDetails: inv.outcome.statusDetails,
      pluginStatus: inv.outcome.status,
      responseCode: inv.outcome.responseCode,
      ...(inv.startedAt === undefined ? {} : { startedAt: inv.startedAt }),
      ...(inv.endedAt === undefined ? {} : { endedAt: inv.endedAt }),
      stdout: inv.outcome.stdout,
      stderr: inv.outcome.stderr,
      terminal: true,
    };
  }
  // Accepted by the pool = InProgress, whether a worker runs it or it waits in the buffer.
  const accepted = inv.acceptedAt !== undefined || inv.startedAt !== undefined;
  const base = {
    responseCode: -1,
    ...(inv.startedAt === undefined ? {} : { startedAt: inv.startedAt }),
    stdout: EMPTY,
    stderr: EMPTY,
    terminal: false,
    pluginStatus: (accepted ? 'InProgress' : 'Pending') as PluginStatus,
  };
  if (inv.cancelRequestedAt !== undefined) return { ...base, status: 'Cancelling', statusDetails: 'Cancelling' };
  if (accepted) return { ...base, status: 'InProgress', statusDetails: 'InProgress' };
  return { ...base, status: 'Pending', statusDetails: 'Pending' };
}

/** A command's status at `now`, aggregated from its invocations. */
export interface CommandView {
  status: CommandStatus;
  statusDetails: string;
  targetCount: number;
  completedCount: number;
  errorCount: number;
}

/** Aggregates invocation views into the command-level status and counters. */
export function viewCommand(command: CommandRecord, now: number): CommandView {
  const views = command.invocations.map((inv) => viewInvocation(inv, now));
  const completed = views.filter((v) => v.terminal);
  const errorCount = completed.filter((v) => v.status === 'Failed' || v.status === 'TimedOut').length;
  const counts = { targetCount: views.length, completedCount: completed.length, errorCount };
  if (views.length === 0) return { status: 'Success', statusDetails: command.emptyStatusDetails ?? 'Success', ...counts };
  if (completed.length < views.length) {
    if (command.cancelRequested) return { status: 'Cancelling', statusDetails: 'Cancelling', ...counts };
    if (views.every((v) => v.status === 'Pending')) return { status: 'Pending', statusDetails: 'Pending', ...counts };
    return { status: 'InProgress', statusDetails: 'InProgress', ...counts };
  }
  if (views.some((v) => v.status === 'Cancelled')) return { status: 'Cancelled', statusDetails: 'Cancelled', ...counts };
  if (errorCount > 0) return { status: 'Failed', statusDetails: 'Failed', ...counts };
  return { status: 'Success', statusDetails: 'Success', ...counts };
}
