import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { createProgressBar } from '../transfer/progress.js';
import type { TransferSession } from '../transfer/remote-files.js';
import type { EditIo } from './edit-remote-file.js';
import { editFromShell, type ShellEditRequest } from './shell-edit.js';

/**
 * The editor's IO on a terminal the Ink shell has handed over (cooked mode, nothing reading
 * stdin): messages and the y/N question on the terminal, the editor with the terminal inherited.
 * `onEditor` tells the caller when the editor starts and ends (Ctrl+C then belongs to it).
 */
export function terminalEditIo(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, signal?: AbortSignal, onEditor?: (running: boolean) => void): EditIo {
  return {
    print: (message) => void stdout.write(`${message}\n`),
    confirm: (question) =>
      new Promise<boolean>((resolve) => {
        if (signal?.aborted) return resolve(false);
        const rl = createInterface({ input: stdin, output: stdout, terminal: false });
        const done = (answer: boolean) => {
          signal?.removeEventListener('abort', onAbort);
          rl.close();
          stdin.pause();
          resolve(answer);
        };
        const onAbort = () => {
          stdout.write('\n');
          done(false);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        rl.on('close', () => resolve(false));
        rl.question(question, (answer) => done(/^\s*y(es)?\s*$/i.test(answer)));
      }),
    runEditor: async (command, args) => {
      onEditor?.(true);
      try {
        const r = await execa(command, args, { stdio: 'inherit', reject: false });
        return r.exitCode ?? 127;
      } finally {
        onEditor?.(false);
        stdin.pause();
      }
    },
    progress: (label) => (stdout.isTTY ? createProgressBar(stdout, label) : { update() {}, finish() {} }),
  };
}

/**
 * The Ink shell's onEdit: runs inside its terminal hand-off. Ctrl+C (a real SIGINT here, the
 * terminal being cooked) cancels a transfer or answers no, and is the editor's while it runs.
 */
export async function editOnTerminal(session: TransferSession, request: ShellEditRequest, stdin = process.stdin, stdout = process.stdout): Promise<number> {
  const abort = new AbortController();
  let editorRunning = false;
  const onSigint = () => {
    if (!editorRunning) abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const io = terminalEditIo(stdin, stdout, abort.signal, (running) => (editorRunning = running));
    return await editFromShell(session, request, io, { signal: abort.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
