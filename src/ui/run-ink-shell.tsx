import { render } from 'ink';
import { Shell, type ShellProps } from './Shell.js';

/** The Ink shell's options: the shell's props, and the terminal (process.stdin/stdout by default). */
export interface InkShellOptions extends Omit<ShellProps, 'onExit'> {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/**
 * Runs the interactive shell on a TTY until Ctrl+D, `exit` or a signal; resolves to the exit
 * code. Ink restores the terminal (raw mode off, cursor shown) when it unmounts.
 */
export async function runInkShell(options: InkShellOptions): Promise<number> {
  const { stdin = process.stdin, stdout = process.stdout, ...props } = options;
  let code = 0;
  const app = render(<Shell {...props} onExit={(c) => (code = c)} />, { stdin, stdout, exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
  return code;
}
