import { resolveAwsSettings, type AwsSettings } from '../aws/config.js';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../aws/clients.js';

/** The connection options every front end takes from the command line. */
export interface ConnectArgs {
  local: boolean;
  profile?: string | undefined;
  region?: string | undefined;
  endpointUrl?: string | undefined;
}

/** Settings and clients for AWS, or for the built-in endpoint with `--local`. */
export interface Connection {
  settings: AwsSettings;
  clients: AwsClients;
  /** With `--local`: the instance that is this machine. */
  localInstanceId?: string;
  /** Destroys the clients and stops a `--local` endpoint. */
  close(): Promise<void>;
}

/**
 * Resolves settings (flags, environment, profile) and builds the clients; with `--local` starts
 * the built-in endpoint in-process (random loopback port and credentials) and points them at it.
 * Shared by the shell, the one-shot and `smsh cp`, so they connect the same way.
 */
export async function connect(args: ConnectArgs): Promise<Connection> {
  let settings: AwsSettings;
  let clientOptions: AwsClientOptions = {};
  let stopLocal: (() => Promise<void>) | undefined;
  let localInstanceId: string | undefined;
  if (args.local) {
    const { startEmulator } = await import('../emulator/index.js');
    const emu = await startEmulator({});
    stopLocal = () => emu.stop();
    settings = { region: emu.region, endpoints: { ssm: emu.url, ec2: emu.url, sts: emu.url } };
    clientOptions = { credentials: emu.credentials };
    localInstanceId = emu.instances[0]!.instanceId;
  } else {
    settings = await resolveAwsSettings({ profile: args.profile, region: args.region, endpointUrl: args.endpointUrl, env: process.env });
  }
  const clients = createAwsClients(settings, clientOptions);
  return {
    settings,
    clients,
    ...(localInstanceId !== undefined ? { localInstanceId } : {}),
    async close() {
      clients.destroy();
      await stopLocal?.();
    },
  };
}
