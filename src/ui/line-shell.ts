import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { shellTransferCommand } from '../edit/get-put.js';
import type { Session } from '../session/session.js';
import { LineAssembler } from '../shell/line-assembler.js';
import { formatPrompt } from './prompt.js';

/** What the line shell needs; IO injected. */
export interface LineShellOptions {
  session: Session;
  /** Shown in the prompt: the Name tag or the instance id. */
  name: string;
  input: Readable;
  output: Writable;
  errorOutput: Writable;
  /** Show a prompt and handle Ctrl+C as a terminal user expects (TTY); otherwise just run lines in order. */
  interactive: boolean;
  /** Aborted by SIGTERM/SIGHUP (and SIGINT without a TTY): cancel the running line, then stop. */
  signal?: AbortSignal;
  /** The exit code after `signal` fired (143, 129 or 130). */
  abortCode?: () => number;
}

/**
 * The plain shell: reads lines and runs each in the one session, so state carries between them,
 * printing outputs in order. Without a TTY it serves scripts and here-docs; with one it is the
 * interim interactive shell until the Ink UI lands. Resolves to the last exit code.
 */
export async function runLineShell(o: LineShellOptions): Promise<number> {
  const rl = createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: o.interactive });
  let last = 0;
  let running: { interrupt: AbortController; kill: AbortController } | undefined;
  // Lines that leave a command open (a for loop, a here-document, a trailing \) wait for more.
  const assembler = new LineAssembler();
  const prompt = () => {
    if (!o.interactive) return;
    const p = o.session.place();
    rl.setPrompt(assembler.pending ? '> ' : formatPrompt({ user: p.user, name: o.name, cwd: p.cwd, home: p.home }));
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    if (running) {
      if (running.interrupt.signal.aborted) running.kill.abort();
      else running.interrupt.abort();
    } else {
      o.output.write('^C\n');
      assembler.take();
      rl.write(null, { ctrl: true, name: 'u' });
      prompt();
    }
  });
  const onAbort = () => {
    if (running) {
      running.interrupt.abort();
    }
    rl.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const transfer = shellTransferCommand(o.session);
  prompt();
  // Runs one whole command; false ends the shell (exit at the base layer, or an abort).
  const runCommand = async (line: string): Promise<boolean> => {
    if (o.session.place().depth === 0 && /^\s*(exit|logout)(\s+\d+)?\s*$/.test(line)) {
      const code = /\d+/.exec(line);
      last = code ? Number(code[0]) & 255 : last;
      return false;
    }
    if (line.trim() === '') {
      prompt();
      return true;
    }
    running = { interrupt: new AbortController(), kill: new AbortController() };
    const local = transfer(line);
    if (local) {
      // get/put run here, not on the instance; their one line goes to stdout, failures to stderr.
      last = await local({ signal: running.interrupt.signal, print: (text) => (text.startsWith('smsh:') ? o.errorOutput : o.output).write(`${text}\n`), setPhase: () => {} });
      running = undefined;
      if (o.signal?.aborted) return false;
      prompt();
      return true;
    }
    const result = await o.session.run(line, {
      signal: running.interrupt.signal,
      killSignal: running.kill.signal,
      onEvent: (event) => {
        if (event.type === 'output') (event.stream === 'stdout' ? o.output : o.errorOutput).write(event.data);
        else if (event.type === 'notice') o.errorOutput.write(`${event.message}\n`);
      },
    }).catch((error: unknown) => {
      o.errorOutput.write(`smsh: ${(error as Error).message}\n`);
      return undefined;
    });
    running = undefined;
    last = result ? (result.cancelled ? 130 : result.exitCode) : 255;
    if (o.signal?.aborted) return false;
    prompt();
    return true;
  };
  let go = true;
  for await (const typed of rl) {
    const line = assembler.push(typed);
    if (line === null) {
      prompt();
      continue;
    }
    if (!(go = await runCommand(line))) break;
  }
  // At the end of input an open command runs as it is: the remote shell reports what is missing.
  const rest = assembler.take();
  if (go && rest !== null && !o.signal?.aborted) await runCommand(rest);
  rl.close();
  o.signal?.removeEventListener('abort', onAbort);
  if (o.signal?.aborted) return o.abortCode?.() ?? 143;
  if (o.interactive) o.output.write('\n');
  return last;
}
