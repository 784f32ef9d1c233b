import { isSmshError } from '../util/smsh-error.js';
import { parseArgs } from './args.js';
import { VERSION } from './version.js';

/** smsh's own failures exit 255, as ssh's do, so they never look like a remote exit code. */
export const EXIT_SMSH_ERROR = 255;

/** The entry point behind bin/smsh.js: parses argv, runs a front end, returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'cp') {
      const { runCpCommand } = await import('../transfer/run-cp.js');
      return await runCpCommand(argv.slice(1));
    }
    const args = parseArgs(argv, (text) => process.stdout.write(text));
    if (args === 'exit') return 0;
    if (args.version) {
      process.stdout.write(`smsh ${VERSION}\n`);
      return 0;
    }
    const { runCli } = await import('./run-cli.js');
    return await runCli(args);
  } catch (error) {
    const message = isSmshError(error) ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
    process.stderr.write(`smsh: ${message}\n`);
    return EXIT_SMSH_ERROR;
  }
}
