// Runs a session through smsh: in-process through the piped line shell on one emulator (most
// sessions), or through the real `node bin/smsh.js --local` (a few, for the plumbing).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLineShell } from '../../src/ui/line-shell.js';
import type { Session } from '../../src/session/session.js';
import type { EngineFixture } from '../helpers/session.js';
import type { Shell } from './corpus.js';
import type { Outcome } from './reference.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(d));
  return { stream, text: () => Buffer.concat(chunks).toString('latin1') };
}

/** An engine session on the test fixture's emulator, reused from one corpus session to the next. */
export class ReusedSession {
  private session: Session | undefined;
  private started = '';
  constructor(private readonly fx: EngineFixture, private readonly shell: Shell) {}

  /** Where its state lives on this machine (the emulator's instance is this machine). */
  private get layerDir(): string {
    return path.join('/tmp', `.smsh-${process.getuid?.() ?? 0}`, this.session!.id, 'u0');
  }

  /**
   * A session as `smsh --local` has it after start(): the first one is started so (the probe and
   * the empty first line, which reads .bashrc); its saved state is kept, and later corpus
   * sessions begin by putting that state back, which is what start() would have left, without
   * its round trips.
   */
  async fresh(): Promise<Session> {
    const state = () => path.join(this.layerDir, 'state');
    if (!this.session) {
      this.session = this.fx.open({ forcePosix: this.shell === 'dash', initialRoundTripMs: 150, companionReader: false });
      await this.session.start();
      this.started = readFileSync(state(), 'latin1');
      return this.session;
    }
    writeFileSync(state(), this.started, 'latin1');
    return this.session;
  }

  /** Removes the session's spool (not ended through SSM: a round trip saved). */
  remove(): void {
    if (this.session) rmSync(path.dirname(this.layerDir), { recursive: true, force: true });
  }
}

/** The session through runLineShell, as `smsh --local` runs piped input. */
export async function runInProcess(reused: ReusedSession, input: string): Promise<Outcome> {
  const session = await reused.fresh();
  const out = sink();
  const err = sink();
  const code = await runLineShell({ session, name: 'differential', input: Readable.from([input]), output: out.stream, errorOutput: err.stream, interactive: false });
  return { stdout: out.text(), stderr: err.text(), code };
}

/** The session through the real CLI, `node bin/smsh.js --local`, its stdin piped. */
export function runThroughBin(input: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'smsh.js'), '--local'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1'), code: code ?? -1 }));
    child.stdin.end(input);
  });
}
