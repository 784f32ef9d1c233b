import { Command, CommanderError } from 'commander';
import { SmshError } from '../util/smsh-error.js';

/** The parsed command line: what the user asked smsh to do. */
export interface CliArgs {
  target?: string;
  command?: string;
  local: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  bufferedOutput: boolean;
  json: boolean;
  noStdin: boolean;
  timeout?: number;
  /** Hang a line up after this many seconds without word from smsh (0: never). */
  hangupAfter?: number;
  version: boolean;
}

/** Parses argv with commander; `--` starts the remote command's words, joined with spaces like ssh does. */
export function parseArgs(argv: string[], write: (text: string) => void): CliArgs | 'exit' {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const words = dash < 0 ? [] : argv.slice(dash + 1);
  const program = new Command('smsh')
    .description('An SSH-like shell for EC2 and hybrid managed instances over SSM Run Command')
    .argument('[target]', 'instance id (i-…, mi-…), IPv4 address, DNS name, Name tag value or tag:Key=Value')
    .option('-c, --command <cmd>', 'run one command and exit with its exit code')
    .option('--local', 'use the built-in local SSM endpoint that runs commands on this machine')
    .option('--profile <name>', 'AWS profile')
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'endpoint for SSM and EC2 (overrides AWS_ENDPOINT_URL*)')
    .option('--buffered-output', 'print the output only when the command has finished')
    .option('--json', 'print one JSON result (command id, instance, exit code, stdout, stderr, timings)')
    .option('-n, --no-stdin', 'do not forward local stdin to the remote command')
    .option('--timeout <seconds>', 'execution timeout of each command, enforced on the instance (5..172800)', (v) => Number(v))
    .option('--hangup-after <seconds>', 'hang a running command up when smsh has not reached it for this long (default 300; 0: never)', (v) => Number(v))
    .option('-V, --version', 'print the version')
    .addHelpText(
      'after',
      `
Commands:
  smsh cp [options] <target>:<remote> <local>   copy from an instance (smsh cp --help)
  smsh cp [options] <local> <target>:<remote>   copy to an instance

Exit codes: the remote command's; 130/143/129 after SIGINT/SIGTERM/SIGHUP; 255 for smsh's own errors.`,
    )
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => {} }) // the error is thrown as one SmshError line
    .allowExcessArguments(false);
  try {
    program.parse(own, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 'exit';
      throw new SmshError('usage', error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  const opts = program.opts<{
    command?: string;
    local?: boolean;
    profile?: string;
    region?: string;
    endpointUrl?: string;
    bufferedOutput?: boolean;
    json?: boolean;
    stdin: boolean;
    timeout?: number;
    hangupAfter?: number;
    version?: boolean;
  }>();
  if (opts.command !== undefined && words.length > 0) throw new SmshError('usage', 'give the command either with -c or after --, not both');
  const command = opts.command ?? (words.length > 0 ? words.join(' ') : undefined);
  if (opts.timeout !== undefined && !(Number.isInteger(opts.timeout) && opts.timeout >= 5 && opts.timeout <= 172_800)) {
    throw new SmshError('usage', '--timeout takes whole seconds from 5 to 172800');
  }
  if (opts.hangupAfter !== undefined && !(Number.isInteger(opts.hangupAfter) && (opts.hangupAfter === 0 || (opts.hangupAfter >= 150 && opts.hangupAfter <= 172_800)))) {
    // Readers reach a running command at least every 120 s: a shorter hang-up would cut live lines.
    throw new SmshError('usage', '--hangup-after takes 0 (never) or whole seconds from 150 to 172800');
  }
  checkLocalFlags(opts);
  const target = program.args[0];
  if (!opts.version && !opts.local && target === undefined) throw new SmshError('usage', 'missing target (try smsh --help, or smsh --local)');
  return {
    ...(target !== undefined ? { target } : {}),
    ...(command !== undefined ? { command } : {}),
    local: opts.local === true,
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
    ...(opts.endpointUrl !== undefined ? { endpointUrl: opts.endpointUrl } : {}),
    bufferedOutput: opts.bufferedOutput === true,
    json: opts.json === true,
    noStdin: !opts.stdin,
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.hangupAfter !== undefined ? { hangupAfter: opts.hangupAfter } : {}),
    version: opts.version === true,
  };
}

/** `--local` starts its own endpoint: an endpoint given with it would be silently ignored, so it is an error. */
export function checkLocalFlags(opts: { local?: boolean; endpointUrl?: string }): void {
  if (opts.local && opts.endpointUrl !== undefined) {
    throw new SmshError('usage', '--endpoint-url cannot be used with --local, which starts its own endpoint (drop one of them)');
  }
}
