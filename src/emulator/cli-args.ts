// Flags of the smsh-emulator bin → EmulatorOptions. Pure: no I/O besides reading nothing.
import { parseArgs } from 'node:util';
import { parseInstanceFlag } from './instances.js';
import { checkInteger, type EmulatorOptions, type FaultOptions, type LatencyProfile, type ThrottleOptions } from './options.js';

/** Usage text of the bin. */
export const USAGE = `Usage: smsh-emulator [options]

A local SSM/EC2/STS endpoint that really runs AWS-RunShellScript commands on this machine.

Options:
  --host <addr>                   address to bind (default 127.0.0.1)
  --port <n>                      port (default 0: a free one)
  --allow-remote                  required to bind a non-loopback address
  --region <name>                 region accepted in signatures (default us-east-1)
  --access-key-id <id>            credentials to accept (default: random per start)
  --secret-access-key <secret>
  --account-id <12 digits>        (default 123456789012)
  --instances-file <path>         JSON array of instance specs (or {"instances": [...]})
  --instance <spec>               repeatable: i-0123456789abcdef0,name=web,privateIp=10.0.0.5,
                                  publicIp=…,platform=Linux|Windows,ping=Online|ConnectionLost,
                                  state=running|stopped,tag:env=prod
  --latency <profile>             none | realistic | delivery=400,deliveryJitter=150,report=300,reportJitter=100
  --invocation-not-found-ms <n>   InvocationDoesNotExist window after SendCommand (default 100, 0 = off)
  --throttle <spec>               op=rate:burst,… e.g. default=20:40,SendCommand=5:10
  --faults <spec>                 internal=0.01,drop=0.005,throttle=0.2,seed=42,ops=GetCommandInvocation+ListCommands
  --max-parameter-bytes <n>       SendCommand Parameters budget (default 65536)
  --agent-workers <n>             documents running at once per instance (default 5, ≥ 1)
  --agent-buffer <n>              documents per instance waiting InProgress for a worker (default 5, ≥ 0)
  --agent-nap-ms <ms>             message-loop sleep when the buffer is full (default 10000)
  --state-dir <path>              the agent's data directory: <instance>/document/… (default: a temporary directory)
  --default-working-directory <p> cwd of scripts without an absolute workingDirectory (default: cwd)
  -h, --help                      this text
`;

/** Result of parsing the flags. */
export type ParsedCli = { help: true } | { help: false; options: EmulatorOptions };

function number(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag}: expected a number, got '${text}'`);
  return n;
}

/** An integer flag value ≥ min; the message names the flag as the user typed it. */
function integer(flag: string, text: string, min: number): number {
  return checkInteger(flag, number(flag, text), min);
}

function pairs(flag: string, text: string): [string, string][] {
  return text.split(',').map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${flag}: expected key=value, got '${part}'`);
    return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
  });
}

/** Parses --latency. */
export function parseLatency(text: string): LatencyProfile {
  if (text === 'none' || text === 'realistic') return text;
  const s = { deliveryMs: 0, deliveryJitterMs: 0, reportMs: 0, reportJitterMs: 0 };
  const keys: Record<string, keyof typeof s> = {
    delivery: 'deliveryMs',
    deliveryjitter: 'deliveryJitterMs',
    report: 'reportMs',
    reportjitter: 'reportJitterMs',
  };
  for (const [key, value] of pairs('--latency', text)) {
    const field = keys[key.toLowerCase().replace(/ms$/, '')];
    if (!field) throw new Error(`--latency: unknown key '${key}'`);
    s[field] = number('--latency', value);
  }
  return s;
}

/** Parses --throttle op=rate:burst,…. */
export function parseThrottle(text: string): ThrottleOptions {
  const out: ThrottleOptions = {};
  for (const [op, spec] of pairs('--throttle', text)) {
    const [rate = '', burst = ''] = spec.split(':');
    out[op] = { ratePerSec: number('--throttle', rate), burst: number('--throttle', burst || rate) };
  }
  return out;
}

/** Parses --faults internal=…,drop=…,throttle=…,seed=…,ops=A+B. */
export function parseFaults(text: string): FaultOptions {
  const out: FaultOptions = {};
  for (const [key, value] of pairs('--faults', text)) {
    if (key === 'internal') out.internalErrorRate = number('--faults', value);
    else if (key === 'drop') out.dropConnectionRate = number('--faults', value);
    else if (key === 'throttle') out.throttleRate = number('--faults', value);
    else if (key === 'seed') out.seed = number('--faults', value);
    else if (key === 'ops') out.operations = value.split('+').filter(Boolean);
    else throw new Error(`--faults: unknown key '${key}'`);
  }
  return out;
}

/** Parses the bin's argv; throws Error with a readable message on bad flags. */
export function parseCli(argv: string[]): ParsedCli {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      region: { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-access-key': { type: 'string' },
      'account-id': { type: 'string' },
      'instances-file': { type: 'string' },
      instance: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'invocation-not-found-ms': { type: 'string' },
      throttle: { type: 'string' },
      faults: { type: 'string' },
      'max-parameter-bytes': { type: 'string' },
      'agent-workers': { type: 'string' },
      'agent-buffer': { type: 'string' },
      'agent-nap-ms': { type: 'string' },
      'state-dir': { type: 'string' },
      'default-working-directory': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const options: EmulatorOptions = {};
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.port = number('--port', values.port);
  if (values['allow-remote']) options.allowRemote = true;
  if (values.region !== undefined) options.region = values.region;
  const id = values['access-key-id'];
  const secret = values['secret-access-key'];
  if ((id === undefined) !== (secret === undefined)) throw new Error('--access-key-id and --secret-access-key go together');
  if (id !== undefined && secret !== undefined) options.credentials = { accessKeyId: id, secretAccessKey: secret };
  if (values['account-id'] !== undefined) options.accountId = values['account-id'];
  if (values['instances-file'] !== undefined) options.instancesFile = values['instances-file'];
  if (values.instance) options.instances = values.instance.map(parseInstanceFlag);
  if (values.latency !== undefined) options.latency = parseLatency(values.latency);
  if (values['invocation-not-found-ms'] !== undefined) {
    options.invocationNotFoundMs = number('--invocation-not-found-ms', values['invocation-not-found-ms']);
  }
  if (values.throttle !== undefined) options.throttle = parseThrottle(values.throttle);
  if (values.faults !== undefined) options.faults = parseFaults(values.faults);
  if (values['max-parameter-bytes'] !== undefined) {
    options.maxParameterBytes = number('--max-parameter-bytes', values['max-parameter-bytes']);
  }
  if (values['agent-workers'] !== undefined) options.agentWorkers = integer('--agent-workers', values['agent-workers'], 1);
  if (values['agent-buffer'] !== undefined) options.agentBuffer = integer('--agent-buffer', values['agent-buffer'], 0);
  if (values['agent-nap-ms'] !== undefined) options.agentNapMs = integer('--agent-nap-ms', values['agent-nap-ms'], 0);
  if (values['state-dir'] !== undefined) options.stateDir = values['state-dir'];
  if (values['default-working-directory'] !== undefined) options.defaultWorkingDirectory = values['default-working-directory'];
  return { help: false, options };
}
