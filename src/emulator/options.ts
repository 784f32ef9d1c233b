// Every option of the emulator, with its default, in one place.
import type { InstanceSpec } from './instances.js';

/** Fixed delays (with uniform ±jitter) that the real service adds around an invocation. */
export interface LatencySettings {
  /** Time from SendCommand until the script starts (the invocation shows Pending meanwhile). @default 400 for 'realistic' */
  deliveryMs: number;
  /** Uniform jitter applied to deliveryMs (±). @default 150 for 'realistic' */
  deliveryJitterMs: number;
  /** Time from the script's end until the invocation shows its final status. @default 300 for 'realistic' */
  reportMs: number;
  /** Uniform jitter applied to reportMs (±). @default 100 for 'realistic' */
  reportJitterMs: number;
}

/** 'none' for tests (everything immediate), 'realistic' for benchmarks, or explicit values. */
export type LatencyProfile = 'none' | 'realistic' | LatencySettings;

/** One token bucket: `burst` tokens, refilled at `ratePerSec`. */
export interface TokenBucketSpec {
  ratePerSec: number;
  burst: number;
}

/** Per-operation token buckets; `default` applies to every operation not named. */
export type ThrottleOptions = Record<string, TokenBucketSpec | undefined> & { default?: TokenBucketSpec };

/** Injected failures, decided before the operation runs (a failed SendCommand starts nothing). */
export interface FaultOptions {
  /** Probability (0..1) of answering InternalServerError / InternalError (HTTP 500). @default 0 */
  internalErrorRate?: number;
  /** Probability (0..1) of destroying the connection without any response. @default 0 */
  dropConnectionRate?: number;
  /** Probability (0..1) of answering as throttled (ThrottlingException / RequestLimitExceeded), on top of any token buckets. @default 0 */
  throttleRate?: number;
  /** Seed of the deterministic random source; random when omitted. */
  seed?: number;
  /** Only these operations get faults; all of them when omitted. */
  operations?: string[];
}

/** What can change at runtime through RunningEmulator.configure(). */
export interface RealismOptions {
  /** @default 'none' */
  latency: LatencyProfile;
  /** Window after SendCommand during which GetCommandInvocation answers InvocationDoesNotExist; 0 disables. @default 100 */
  invocationNotFoundMs: number;
  /** Token buckets; null/undefined means no throttling. @default null */
  throttle: ThrottleOptions | null;
  /** Injected faults; null/undefined means none. @default null */
  faults: FaultOptions | null;
  /** Budget for the JSON size of SendCommand's Parameters; over it → InvalidParameters. @default 65536 */
  maxParameterBytes: number;
  /**
   * How many milliseconds one second of `executionTimeout` lasts. A test knob: the public clamp
   * (5..172800, else 3600) is applied first, then the value is multiplied by this. @default 1000
   */
  executionTimeoutUnitMs: number;
  /**
   * Command workers per instance: documents that run at once (the agent's
   * `Mds.CommandWorkersLimit`, DefaultCommandWorkersLimit = 5). Raising it starts buffered
   * documents at once; lowering it never kills a running one. An integer ≥ 1. @default 5
   */
  agentWorkers: number;
  /**
   * Documents per instance acknowledged (InProgress) but waiting for a worker (the agent's
   * `Mds.CommandWorkerBufferLimit`, DefaultCommandWorkerBufferLimit = 5). An integer ≥ 0. @default 5
   */
  agentBuffer: number;
  /**
   * How long an instance's message loop sleeps when the buffer is full before it submits the same
   * message again, holding back every later message (the agent: 10 s). An integer ≥ 0. @default 10000
   */
  agentNapMs: number;
}

/** Options of startEmulator(); everything is optional. */
export interface EmulatorOptions extends Partial<RealismOptions> {
  /** Address to bind. Non-loopback addresses need allowRemote. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Required to bind a non-loopback address (prints a warning: this service runs arbitrary commands). */
  allowRemote?: boolean;
  /** The only region the emulator accepts in SigV4 scopes. @default 'us-east-1' */
  region?: string;
  /** Credentials that requests must be signed with. @default random per start */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** @default '123456789012' */
  accountId?: string;
  /** Instances to serve. @default one instance standing for this machine */
  instances?: InstanceSpec[];
  /** JSON file with an array of InstanceSpec (or {"instances": [...]}); added to `instances`. */
  instancesFile?: string;
  /** The agent's data directory (`<instanceId>/document/{orchestration,state}/…`); a fresh one is removed on stop(), a given one keeps all but what the emulator wrote. @default a fresh mkdtemp dir */
  stateDir?: string;
  /** cwd of scripts whose workingDirectory is not absolute (the agent's own directory). @default process.cwd() */
  defaultWorkingDirectory?: string;
  /** Ignored: scripts run as the emulator's user. Accepted so callers can pass it. */
  executionUser?: string;
}

/** The 'realistic' latency profile (UNCONFIRMED numbers, measured by nobody; tune per benchmark). */
export const REALISTIC_LATENCY: LatencySettings = Object.freeze({
  deliveryMs: 400,
  deliveryJitterMs: 150,
  reportMs: 300,
  reportJitterMs: 100,
});

/** The 'none' latency profile. */
export const NO_LATENCY: LatencySettings = Object.freeze({ deliveryMs: 0, deliveryJitterMs: 0, reportMs: 0, reportJitterMs: 0 });

/** Defaults of RealismOptions. */
export const DEFAULT_REALISM: RealismOptions = Object.freeze({
  latency: 'none',
  invocationNotFoundMs: 100,
  throttle: null,
  faults: null,
  maxParameterBytes: 65_536,
  executionTimeoutUnitMs: 1000,
  agentWorkers: 5,
  agentBuffer: 5,
  agentNapMs: 10_000,
});

/** Resolves a latency profile to numbers. */
export function latencySettings(profile: LatencyProfile): LatencySettings {
  if (profile === 'none') return NO_LATENCY;
  if (profile === 'realistic') return REALISTIC_LATENCY;
  return { ...NO_LATENCY, ...profile };
}

/** An integer ≥ `min`, or a RangeError naming what was wrong (used for options and flags alike). */
export function checkInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

/** The realism part of the options, defaults filled in; throws RangeError for a bad pool size. */
export function realismFrom(options: Partial<RealismOptions>): RealismOptions {
  return {
    agentWorkers: checkInteger('agentWorkers', options.agentWorkers ?? DEFAULT_REALISM.agentWorkers, 1),
    agentBuffer: checkInteger('agentBuffer', options.agentBuffer ?? DEFAULT_REALISM.agentBuffer, 0),
    agentNapMs: checkInteger('agentNapMs', options.agentNapMs ?? DEFAULT_REALISM.agentNapMs, 0),
    latency: options.latency ?? DEFAULT_REALISM.latency,
    invocationNotFoundMs: options.invocationNotFoundMs ?? DEFAULT_REALISM.invocationNotFoundMs,
    throttle: options.throttle ?? null,
    faults: options.faults ?? null,
    maxParameterBytes: options.maxParameterBytes ?? DEFAULT_REALISM.maxParameterBytes,
    executionTimeoutUnitMs: options.executionTimeoutUnitMs ?? DEFAULT_REALISM.executionTimeoutUnitMs,
  };
}
