// Starts an emulator on a random port (latency 'none') and real SDK v3 clients pointed at it.
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient, GetCommandInvocationCommand, type GetCommandInvocationCommandOutput } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Options of withEmulator: the emulator's, plus SDK client knobs. */
export interface WithEmulatorOptions extends EmulatorOptions {
  /** SDK maxAttempts; 1 turns SDK retries off. @default 3 (the SDK's default) */
  maxAttempts?: number;
}

/** A started emulator and clients for it. */
export interface EmulatorHarness {
  emu: RunningEmulator;
  ssm: SSMClient;
  ec2: EC2Client;
  sts: STSClient;
  /** Destroys the clients and stops the emulator. */
  stop(): Promise<void>;
}

/** Client configuration (endpoint, region, static credentials) for a running emulator. */
export function clientConfig(emu: RunningEmulator, maxAttempts?: number) {
  return {
    endpoint: emu.url,
    region: emu.region,
    credentials: { ...emu.credentials },
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  };
}

/** Starts an emulator (latency 'none' unless told otherwise) with SSM, EC2 and STS clients. */
export async function withEmulator(options: WithEmulatorOptions = {}): Promise<EmulatorHarness> {
  const { maxAttempts, ...emulatorOptions } = options;
  const emu = await startEmulator({ latency: 'none', ...emulatorOptions });
  const config = clientConfig(emu, maxAttempts);
  const ssm = new SSMClient(config);
  const ec2 = new EC2Client(config);
  const sts = new STSClient(config);
  return {
    emu,
    ssm,
    ec2,
    sts,
    async stop() {
      ssm.destroy();
      ec2.destroy();
      sts.destroy();
      await emu.stop();
    },
  };
}

const FINAL = ['Success', 'Failed', 'TimedOut', 'Cancelled'];

/** Polls GetCommandInvocation until a final status (retrying InvocationDoesNotExist), or throws after `timeoutMs`. */
export async function waitForInvocation(
  ssm: SSMClient,
  commandId: string,
  instanceId: string,
  timeoutMs = 15_000,
): Promise<GetCommandInvocationCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const out = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
      if (out.Status && FINAL.includes(out.Status)) return out;
    } catch (error) {
      if ((error as { name?: string }).name !== 'InvocationDoesNotExist') throw error;
    }
    if (Date.now() > deadline) throw new Error(`invocation ${commandId}/${instanceId} not finished after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What an SDK call failed with, for assertions: its name, message and HTTP status. Throws if the call succeeded. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  const { name, message, status } = await errorDetailsOf(promise);
  return { name, message, status };
}

/** errorOf plus the Node error code and the SDK's attempt count, for retry and network assertions. */
export async function errorDetailsOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; code: string | undefined; status: number | undefined; attempts: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: e.name, message: e.message, code: e.code, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts };
  }
  throw new Error('expected the call to fail');
}
