import { SSMClient } from '@aws-sdk/client-ssm';
import { createGovernor } from '../../src/aws/governor.js';
import { createSsmPort } from '../../src/session/ssm-port.js';
import { Session, type SessionOptions } from '../../src/session/session.js';
import { startEmulator } from '../../src/emulator/index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** An emulator on a random loopback port plus a way to open engine sessions on its instance, with fast polling for tests. */
export interface EngineFixture {
  emu: Emulator;
  ssm: SSMClient;
  instanceId: string;
  open(options?: Partial<SessionOptions>): Session;
  stop(): Promise<void>;
}

/** Starts the fixture; `emulatorOptions` pass through to startEmulator (throttling, faults…). */
export async function startEngineFixture(emulatorOptions: Parameters<typeof startEmulator>[0] = {}): Promise<EngineFixture> {
  const emu = await startEmulator(emulatorOptions);
  const ssm = new SSMClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1 });
  const instanceId = emu.instances[0]!.instanceId;
  return {
    emu,
    ssm,
    instanceId,
    open(options = {}) {
      const governor = createGovernor();
      const port = createSsmPort({ ssm, governor, instanceId, minRetryMs: 10, maxRetryMs: 200 });
      return new Session({
        port,
        clientLabel: 'test@vitest',
        initialRoundTripMs: 30,
        pace: { quickMs: 20, quickPolls: 2, floorMs: 20, briskMs: 1_000, slope: 0.05, capMs: 150, jitter: 0.2 },
        readerWaitMs: 5_000,
        cancelGraceMs: 1_000,
        hangupMs: 60_000,
        ...options,
      });
    },
    async stop() {
      ssm.destroy();
      await emu.stop();
    },
  };
}

/** Runs a line and collects its output per stream. */
export async function collect(session: Session, line: string, options: { stdin?: Buffer; signal?: AbortSignal } = {}) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const result = await session.run(line, {
    ...options,
    onEvent: (e) => {
      if (e.type === 'output') (e.stream === 'stdout' ? out : err).push(e.data);
    },
  });
  return { ...result, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}
