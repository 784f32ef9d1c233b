import { parseArgs } from './args.js';
import type { CommandContext, CommandIo } from './commands/io.js';
import { parseCpArgs } from './cp-args.js';
import { EXIT_SMSH_ERROR } from './exit-codes.js';
import type { OpenTargetArgs, OpenTargetDeps } from './factory.js';
import { withSignals, type SignalSource } from './signals.js';
import { failureOf, reportFailure } from './report.js';
import { VERSION } from './version.js';

export { EXIT_SMSH_ERROR } from './exit-codes.js';

/** What main runs against: this process, or fakes in a test. */
export interface MainProcess {
  io: CommandIo;
  env: Readonly<Record<string, string | undefined>>;
  signals: SignalSource;
}

/**
 * The entry point behind bin/smsh.js, and the only code that reads `process`: parses argv, picks
 * the command (cp, one-shot or shell), runs it with this process's IO, environment and signals,
 * and returns the exit code. Every failure ends as one line (with --json, one JSON object).
 */
export async function main(argv: string[], proc: MainProcess = { io: process, env: process.env, signals: process }): Promise<number> {
  const { io } = proc;
  const dash = argv.indexOf('--');
  const json = argv[0] !== 'cp' && (dash < 0 ? argv : argv.slice(0, dash)).includes('--json');
  const signals = withSignals(proc.signals);
  // The factory (and the AWS SDK behind it) loads only when a command opens a target: --help and --version stay quick.
  const open = async (args: OpenTargetArgs, deps: OpenTargetDeps) => (await import('./factory.js')).openTarget(args, deps);
  const context: CommandContext = { io, env: proc.env, signals, open };
  try {
    const write = (text: string) => void io.stdout.write(text);
    if (argv[0] === 'cp') {
      const args = parseCpArgs(argv.slice(1), write);
      if (args === 'exit') return 0;
      const { runCpCommand } = await import('./commands/cp.js');
      return await runCpCommand({ ...context, args });
    }
    const args = parseArgs(argv, write);
    if (args === 'exit') return 0;
    if (args.version) {
      io.stdout.write(`smsh ${VERSION}\n`);
      return 0;
    }
    if (args.command !== undefined) {
      const { runOneshotCommand } = await import('./commands/oneshot.js');
      return await runOneshotCommand({ ...context, args: { ...args, command: args.command } });
    }
    const { runShellCommand } = await import('./commands/shell.js');
    return await runShellCommand({ ...context, args });
  } catch (error) {
    return reportFailure(io, failureOf(error, EXIT_SMSH_ERROR), json);
  } finally {
    signals.dispose();
  }
}
