// The state of Run Command: commands and their per-instance invocations, newest last.
import type { ScriptExecution } from '../exec/executor.js';
import type { Instance } from '../instances.js';
import type { WorkerLogEntry } from '../pool/worker-log.js';
import type { DocumentInfo, RunScriptParameters } from './documents.js';

/** Final statuses of an invocation. */
export type FinalStatus = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

/** What the agent reports once the script is over. */
export interface InvocationOutcome {
  status: FinalStatus;
  statusDetails: 'Success' | 'Failed' | 'ExecutionTimedOut' | 'Cancelled';
  responseCode: number;
  /** stdout as the agent keeps it (≤ 24,000 bytes, truncated with --output truncated--). */
  stdout: Buffer;
  /** stderr as the agent keeps it (≤ 8,000 bytes), including the agent's own failure line. */
  stderr: Buffer;
}

/** One instance's share of a command. Times are epoch ms. */
export interface Invocation {
  readonly command: CommandRecord;
  readonly instance: Instance;
  /** When the invocation became visible (SendCommand time). */
  readonly createdAt: number;
  /** When the agent's pool accepted it (InProgress from then on, even while buffered). */
  acceptedAt?: number;
  /** When the script started (a worker took it). */
  startedAt?: number;
  /** When the script ended (or the pending invocation was cancelled). */
  endedAt?: number;
  /** When the outcome becomes visible (endedAt + report delay). */
  reportAt?: number;
  /** When CancelCommand was accepted for this invocation. */
  cancelRequestedAt?: number;
  /** Whether the cancel has reached the agent (after the delivery delay). */
  cancelDelivered?: boolean;
  outcome?: InvocationOutcome;
  execution?: ScriptExecution;
  deliveryTimer?: NodeJS.Timeout;
  /** Its entry in the worker log, once it reached the instance's message loop. */
  poolEntry?: WorkerLogEntry;
}

/** A SendCommand as the service keeps it. */
export interface CommandRecord {
  readonly commandId: string;
  readonly document: DocumentInfo;
  readonly documentVersion: string;
  readonly comment: string;
  /** Parameters exactly as sent (echoed in Command.Parameters). */
  readonly parameters: Record<string, string[]>;
  readonly script: RunScriptParameters;
  readonly instanceIds: string[];
  readonly targets: { Key?: string; Values?: string[] }[];
  readonly requestedAt: number;
  readonly timeoutSeconds: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly outputS3Region: string;
  readonly outputS3BucketName?: string;
  readonly outputS3KeyPrefix?: string;
  readonly serviceRole?: string;
  readonly cloudWatchOutputConfig?: { CloudWatchLogGroupName?: string; CloudWatchOutputEnabled?: boolean };
  readonly notificationConfig?: Record<string, unknown>;
  /** StatusDetails when no invocation exists (e.g. "No Instances In Tag"). */
  readonly emptyStatusDetails?: string;
  readonly invocations: Invocation[];
  cancelRequested: boolean;
}

/** Keeps commands; the oldest finished ones are forgotten past `limit`. */
export class CommandStore {
  private readonly byId = new Map<string, CommandRecord>();

  constructor(private readonly limit = 20_000) {}

  /** Adds a command; returns commands evicted to stay within the limit. */
  add(command: CommandRecord): CommandRecord[] {
    this.byId.set(command.commandId, command);
    const evicted: CommandRecord[] = [];
    if (this.byId.size <= this.limit) return evicted;
    for (const old of this.byId.values()) {
      if (this.byId.size <= this.limit) break;
      if (old.invocations.every((inv) => inv.outcome)) {
        this.byId.delete(old.commandId);
        evicted.push(old);
      }
    }
    return evicted;
  }

  /** A command by id. */
  get(commandId: string): CommandRecord | undefined {
    return this.byId.get(commandId);
  }

  /** Every command, newest first (the order ListCommands answers in). */
  newestFirst(): CommandRecord[] {
    return [...this.byId.values()].reverse();
  }

  /** Every invocation of every command. */
  *invocations(): Iterable<Invocation> {
    for (const command of this.byId.values()) yield* command.invocations;
  }
}
