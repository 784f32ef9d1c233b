// The state every operation handler works on, built once per emulator by index.ts.
import type { Agent } from './agent.js';
import type { Instance } from './instances.js';
import type { RealismOptions } from './options.js';
import type { CommandStore } from './ssm/command-store.js';

/** Shared state of one running emulator. */
export interface EmulatorContext {
  readonly region: string;
  readonly accountId: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly instances: readonly Instance[];
  readonly instanceById: ReadonlyMap<string, Instance>;
  readonly store: CommandStore;
  readonly agent: Agent;
  /** Current realism settings; configure() mutates this object. */
  readonly realism: RealismOptions;
  /** When the emulator started (epoch ms): launch time of instances, registration dates. */
  readonly startedAt: number;
  now(): number;
}
