import { Command, CommanderError } from 'commander';
import { SmshError } from '../util/smsh-error.js';
import { checkLocalFlags } from './args.js';

/** One side of a copy: a local path, or a path on a target. */
export type CpEndpoint = { kind: 'local'; path: string } | { kind: 'remote'; target: string; path: string };

/** The parsed `smsh cp` command line. */
export interface CpArgs {
  from: CpEndpoint;
  to: CpEndpoint;
  recursive: boolean;
  /** No progress bar even on a TTY. */
  quiet: boolean;
  local: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

/**
 * Reads `<target>:<path>` like scp: a colon before any slash makes a remote path; `./a:b` and
 * `/x:y` stay local. `tag:Key=Value:path` keeps the tag's own colon. An empty target (`:/etc/x`)
 * or `local:` names the built-in endpoint's instance, and needs --local. An empty path is the
 * session's starting directory (the user's home).
 */
export function parseEndpoint(text: string): CpEndpoint {
  const start = text.startsWith('tag:') ? 4 : 0;
  const colon = text.indexOf(':', start);
  const slash = text.indexOf('/');
  if (colon < 0 || (slash >= 0 && slash < colon)) return { kind: 'local', path: text };
  return { kind: 'remote', target: text.slice(0, colon), path: text.slice(colon + 1) };
}

/** Parses the words after `smsh cp`. */
export function parseCpArgs(argv: string[], write: (text: string) => void): CpArgs | 'exit' {
  const program = new Command('smsh cp')
    .description('Copy files to or from an instance over SSM Run Command, byte-exact and verified with sha256')
    .usage('[options] <target>:<remote> <local>  |  [options] <local> <target>:<remote>')
    .argument('<source>', 'what to copy: a local path or <target>:<remote path>')
    .argument('<destination>', 'where to: a local path or <target>:<remote path> (an existing directory receives the source by name)')
    .option('-r, --recursive', 'copy a directory tree (tar on both ends)')
    .option('-q, --quiet', 'no progress bar')
    .option('--local', 'use the built-in local endpoint; its instance is written local: (or an empty target, :/path)')
    .option('--profile <name>', 'AWS profile')
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'endpoint for SSM and EC2 (overrides AWS_ENDPOINT_URL*)')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => {} }) // the error is thrown as one SmshError line
    .allowExcessArguments(false);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 'exit';
      throw new SmshError('usage', `cp: ${error.message.replace(/^error: /, '')}`);
    }
    throw error;
  }
  const opts = program.opts<{ recursive?: boolean; quiet?: boolean; local?: boolean; profile?: string; region?: string; endpointUrl?: string }>();
  checkLocalFlags(opts);
  const [source, destination] = program.args as [string, string];
  const from = parseEndpoint(source);
  const to = parseEndpoint(destination);
  if (from.kind === to.kind) {
    throw new SmshError('usage', from.kind === 'local' ? 'cp: one side must be remote, written <target>:<path>' : 'cp: copying between two remote paths is not supported; one side must be local');
  }
  const remote = from.kind === 'remote' ? from : (to as Extract<CpEndpoint, { kind: 'remote' }>);
  if ((remote.target === '' || remote.target === 'local') && !opts.local) {
    throw new SmshError('usage', `cp: ${remote.target === '' ? 'an empty target' : "the target 'local'"} needs --local`);
  }
  if (from.kind === 'local' && from.path === '') throw new SmshError('usage', 'cp: empty local path');
  if (to.kind === 'local' && to.path === '') throw new SmshError('usage', 'cp: empty local path');
  return {
    from,
    to,
    recursive: opts.recursive === true,
    quiet: opts.quiet === true,
    local: opts.local === true,
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
    ...(opts.endpointUrl !== undefined ? { endpointUrl: opts.endpointUrl } : {}),
  };
}
