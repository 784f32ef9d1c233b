import { startEmulator, type EmulatorOptions, type InstanceSpec, type RunningEmulator } from '../../src/emulator/index.js';

// The one fleet every conformance file runs against, so both files exercise the same shapes:
// an online Linux node, a Windows node, an offline node, a stopped one and a hybrid (mi-) node.

/** The instances the conformance suite starts the emulator with. */
export const FLEET = {
  linux: { instanceId: 'i-0c0f0a0b0c0d0e0f1', name: 'conf-linux', tags: { Env: 'conformance' }, privateIp: '10.0.0.11', publicIp: '203.0.113.11', platform: 'Linux', pingStatus: 'Online' },
  windows: { instanceId: 'i-0c0f0a0b0c0d0e0f2', name: 'conf-windows', tags: { Env: 'conformance' }, privateIp: '10.0.0.12', platform: 'Windows', pingStatus: 'Online' },
  offline: { instanceId: 'i-0c0f0a0b0c0d0e0f3', name: 'conf-offline', privateIp: '10.0.0.13', platform: 'Linux', pingStatus: 'ConnectionLost' },
  stopped: { instanceId: 'i-0c0f0a0b0c0d0e0f4', name: 'conf-stopped', privateIp: '10.0.0.14', state: 'stopped' },
  hybrid: { instanceId: 'mi-0c0f0a0b0c0d0e0f5', name: 'conf-hybrid', privateIp: '192.168.7.5', platform: 'Linux', pingStatus: 'Online' },
} as const satisfies Record<string, InstanceSpec>;

/** An instance id that no fleet member has, shaped like a real one. */
export const UNKNOWN_INSTANCE = 'i-0dead0dead0dead00';
/** A well-formed command id that was never issued. */
export const UNKNOWN_COMMAND = '00000000-0000-4000-8000-000000000000';

/** A started emulator, as the conformance files use it. */
export type Emulator = RunningEmulator;

/** Starts the emulator on the conformance fleet, without latency; extra options override. */
export function startFleet(extra: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    instances: Object.values(FLEET).map((i) => ({ ...i })),
    latency: 'none',
    invocationNotFoundMs: 0,
    ...extra,
  });
}
