// Real pipes for the script's stdout and stderr. Node's stdio 'pipe' is a socketpair, on which
// `echo x >/dev/stderr` or `tee /dev/stdout` fail (ENXIO); the agent gives Go os.Pipe()s. Node has
// no pipe(2), so each stream is a FIFO (mkfifo), opened and unlinked at once.
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';

const run = promisify(execFile);

/** One pipe: the fd to hand to the child, and our non-blocking reader. */
export interface OpenPipe {
  writeFd: number;
  reader: Readable;
}

function open(fifo: string): OpenPipe {
  // Read end first and non-blocking (so the open does not wait); then the write end, blocking,
  // which succeeds at once because a reader exists. O_NONBLOCK stays off the child's fd.
  const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  let writeFd: number;
  try {
    writeFd = openSync(fifo, constants.O_WRONLY);
  } catch (error) {
    closeSync(readFd);
    throw error;
  }
  return { writeFd, reader: new Socket({ fd: readFd, readable: true, writable: false }) };
}

/** Creates stdout and stderr pipes in `dir`; undefined when FIFOs are unavailable (then use stdio 'pipe'). */
export async function openPipes(dir: string): Promise<{ stdout: OpenPipe; stderr: OpenPipe } | undefined> {
  const out = path.join(dir, '.stdout.fifo');
  const err = path.join(dir, '.stderr.fifo');
  try {
    await run('mkfifo', ['-m', '600', out, err]);
    const stdout = open(out);
    try {
      return { stdout, stderr: open(err) };
    } catch (error) {
      closeSync(stdout.writeFd);
      stdout.reader.destroy();
      throw error;
    }
  } catch {
    return undefined;
  } finally {
    for (const fifo of [out, err]) {
      try {
        unlinkSync(fifo);
      } catch {
        // not created
      }
    }
  }
}
