import { resolveAwsSettings, type AwsSettings } from '../aws/config.js';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../aws/clients.js';

/** The connection options every front end takes from the command line. */
export interface ConnectArgs {
  local: boolean;
  profile?: string | undefined;
  region?: string | undefined;
  endpointUrl?: string | undefined;
}

/** What connecting reads besides the flags: the environment (injected), and a signal that abandons every call. */
export interface ConnectDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** Aborting it rejects every call of the clients at once (createAwsClients' `signal`). */
  signal?: AbortSignal;
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
 * Used by the factory for every command, so they all connect the same way.
 */
export async function connect(args: ConnectArgs, deps: ConnectDeps): Promise<Connection> {
  let settings: AwsSettings;
  let clientOptions: AwsClientOptions = deps.signal ? { signal: deps.signal } : {};
  let stopLocal: (() => Promise<void>) | undefined;
  let localInstanceId: string | undefined;
  if (args.local) {
    const { startEmulator } = await import('../emulator/index.js');
    const emu = await startEmulator({});
    stopLocal = () => emu.stop();
    settings = { region: emu.region, endpoints: { ssm: emu.url, ec2: emu.url, sts: emu.url } };
    clientOptions = { ...clientOptions, credentials: emu.credentials };
    localInstanceId = emu.instances[0]!.instanceId;
  } else {
    settings = await resolveAwsSettings({ profile: args.profile, region: args.region, endpointUrl: args.endpointUrl, env: deps.env });
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
