// What the agent reports about a finished run: its status mapping and the line it appends to
// stderr on failure (pluginutil.GetStatus and the runcommand executor's error text).
import type { InvocationOutcome } from '../ssm/command-store.js';
import type { ExecutionResult } from './executor.js';
import { OutputCapture } from './output-capture.js';
import { MAX_STDERR_BYTES, MAX_STDOUT_BYTES } from './executor.js';

/** Go's names for signals in exec.ExitError ("signal: killed"). */
const GO_SIGNAL_NAMES: Record<string, string> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGQUIT: 'quit',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGILL: 'illegal instruction',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
  SIGALRM: 'alarm clock',
};

/** Go's text for the errno of a failed chdir/exec ("fork/exec /usr/bin/sh: no such file or directory"). */
export const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
};

/**
 * The agent's status mapping (pluginutil.GetStatus): 0 → Success, 137 → Cancelled if a cancel
 * was requested else TimedOut (even when the script itself exited 137), anything else → Failed.
 * On Failed the agent appends "failed to run commands: <err>" to stderr, with no newline before it.
 */
export function outcomeOf(result: ExecutionResult, cancelRequested: boolean): InvocationOutcome {
  let code: number;
  let line: string | undefined;
  switch (result.end) {
    case 'exited':
      if (result.code !== null) {
        code = result.code;
        if (code !== 0) line = `failed to run commands: exit status ${code}`;
      } else {
        code = -1;
        line = `failed to run commands: signal: ${GO_SIGNAL_NAMES[result.signal ?? ''] ?? String(result.signal)}`;
      }
      break;
    case 'timed-out':
    case 'cancelled':
    case 'stopped':
      code = 137;
      break;
    case 'start-failed':
      code = 1;
      line = result.startError ?? 'failed to run commands: start failed';
      break;
  }
  const status = code === 0 ? 'Success' : code === 137 ? (cancelRequested ? 'Cancelled' : 'TimedOut') : 'Failed';
  if (status === 'Failed' && line) result.stderr.append(Buffer.from(line));
  return {
    status,
    statusDetails: status === 'TimedOut' ? 'ExecutionTimedOut' : status,
    responseCode: code,
    stdout: result.stdout.truncated(),
    stderr: result.stderr.truncated(),
  };
}

/** A run that never started; `stderrLine` is what the agent writes to stderr about it. */
export function failedBeforeStart(stderrLine: string): ExecutionResult {
  return {
    end: 'start-failed',
    code: null,
    signal: null,
    startError: stderrLine,
    stdout: new OutputCapture(MAX_STDOUT_BYTES),
    stderr: new OutputCapture(MAX_STDERR_BYTES),
  };
}

/** What the agent reports for a document cancelled before any plugin ran: no output, ResponseCode -1. */
export function cancelledBeforeStart(): InvocationOutcome {
  return { status: 'Cancelled', statusDetails: 'Cancelled', responseCode: -1, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
}
