// The soak: random outputs and random interrupts through the real engine, SDK and HTTP, against
// an emulator that throttles 20 % of calls, fails 5 % with HTTP 500 and drops 2 % of connections.
// Every byte is compared with what the remote command wrote (the emulator runs commands on this
// machine, so the written file is the reference), and every interrupted process tree is checked
// for survivors. Loopback only; bounded in time; stops by itself.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { createAwsClients } from '../src/aws/clients.js';
import { createGovernor } from '../src/aws/governor.js';
import { startEmulator } from '../src/emulator/index.js';
import { Session } from '../src/session/session.js';
import { createSsmPort } from '../src/session/ssm-port.js';

/** How long and how hard to soak. */
export interface SoakOptions {
  seconds: number;
  /** Fault rates; the defaults when omitted. */
  throttleRate?: number;
  internalErrorRate?: number;
  dropConnectionRate?: number;
  /** Largest random output of most runs, in bytes; one run in ten goes up to five times that. */
  maxOutputBytes?: number;
  log?: (line: string) => void;
}

/** What the soak found: the last two must be 0. */
export interface SoakResult {
  runs: number;
  interrupts: number;
  bytesCompared: number;
  faults: { throttled: number; internalErrors: number; droppedConnections: number };
  mismatches: string[];
  survivors: string[];
  seconds: number;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Live (non-zombie) processes whose command line contains `token`. */
function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token) && !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) {
        found.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

// Process trees an interrupt must take down whole, some of which ignore or trap SIGTERM.
const TREES = [
  (t: string) => `sleep ${t}`,
  (t: string) => `trap '' TERM; sleep ${t}`,
  (t: string) => `trap 'echo bye' TERM; (sleep ${t} &); sleep ${t} | cat`,
  (t: string) => `sh -c 'trap "" TERM; sleep ${t}' & sleep ${t}; wait`,
  (t: string) => `for i in 1 2 3; do (trap '' TERM; sleep ${t}) & done; wait`,
];

/** Runs the soak and returns its counts; never throws for a mismatch (it is counted). */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => {});
  const emu = await startEmulator({
    faults: {
      throttleRate: o.throttleRate ?? 0.2,
      internalErrorRate: o.internalErrorRate ?? 0.05,
      dropConnectionRate: o.dropConnectionRate ?? 0.02,
    },
  });
  const clients = createAwsClients({ region: emu.region, endpoints: { ssm: emu.url } }, { credentials: emu.credentials });
  const port = createSsmPort({ ssm: clients.ssm, governor: createGovernor(), instanceId: emu.instances[0]!.instanceId });
  const session = new Session({ port, clientLabel: `soak@${hostname()}`, initialRoundTripMs: 100, cancelGraceMs: 1_000 });
  const result: SoakResult = { runs: 0, interrupts: 0, bytesCompared: 0, faults: emu.faults(), mismatches: [], survivors: [], seconds: 0 };
  const started = Date.now();
  const deadline = started + o.seconds * 1000;
  const maxOut = o.maxOutputBytes ?? 400_000;
  try {
    await session.start();
    for (let i = 0; Date.now() < deadline; i++) {
      if (i % 3 === 2) {
        // An interrupt of a random process tree, at a random moment.
        const token = `9${randomBytes(3).readUIntBE(0, 3)}`;
        const tree = TREES[Math.floor(Math.random() * TREES.length)]!(token);
        const ctl = new AbortController();
        log(`soak: +${((Date.now() - started) / 1000).toFixed(1)}s interrupt ${tree}`);
        const pending = session.run(tree, { signal: ctl.signal });
        await delay(200 + Math.random() * 1200);
        ctl.abort();
        await pending;
        log(`soak: +${((Date.now() - started) / 1000).toFixed(1)}s interrupted`);
        result.interrupts++;
        await delay(300);
        const left = processesWith(token);
        if (left.length > 0) result.survivors.push(`${tree}: pids ${left.join(',')}`);
        continue;
      }
      // A random output: binary, text, or text without a final newline, with stderr beside it.
      const size = Math.floor(Math.random() * (Math.random() < 0.1 ? 5 * maxOut : maxOut));
      const file = `/tmp/smsh-soak-${randomBytes(4).toString('hex')}`;
      const kind = Math.floor(Math.random() * 3);
      const source =
        kind === 0 ? `head -c ${size} /dev/urandom` : kind === 1 ? `head -c ${size} /dev/urandom | od -An -tx1 | head -c ${size}` : `seq 1 ${Math.max(1, Math.floor(size / 7))} | tr '\\n' '\\r'`;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      log(`soak: +${((Date.now() - started) / 1000).toFixed(1)}s output ${size} kind ${kind}`);
      const r = await session.run(`${source} | tee ${file}; printf 'e%s\\0' ${size} >&2`, {
        onEvent: (e) => {
          if (e.type === 'output') (e.stream === 'stdout' ? out : err).push(e.data);
        },
      });
      const expected = readFileSync(file);
      rmSync(file, { force: true });
      const got = Buffer.concat(out);
      result.runs++;
      result.bytesCompared += expected.length;
      if (r.exitCode !== 0 || sha(got) !== sha(expected) || Buffer.concat(err).toString('latin1') !== `e${size}\0`) {
        result.mismatches.push(`run ${result.runs}: exit ${r.exitCode}, ${got.length} of ${expected.length} bytes`);
      }
      if (result.runs % 10 === 0) log(`soak: ${result.runs} runs, ${result.interrupts} interrupts, ${(result.bytesCompared / 1e6).toFixed(1)} MB compared`);
    }
  } finally {
    await session.end().catch(() => undefined);
    result.faults = emu.faults();
    result.seconds = (Date.now() - started) / 1000;
    clients.destroy();
    await emu.stop();
  }
  return result;
}
