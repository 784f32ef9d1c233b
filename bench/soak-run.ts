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
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
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
  /**
   * Keep the agent's pool full of foreign work, as Patch Manager or another user would: this many
   * foreign documents (`sleep` of 0.5–2.5 s, sent with the plain SDK) running or waiting at any
   * time. 0 or absent: none.
   */
  foreignDocuments?: number;
  log?: (line: string) => void;
}

/** What the soak found: the last two must be 0. */
export interface SoakResult {
  runs: number;
  interrupts: number;
  bytesCompared: number;
  faults: { throttled: number; internalErrors: number; droppedConnections: number };
  /** Foreign documents sent, and how many of them did not end in Success (must be 0). */
  foreign: { sent: number; failed: number };
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
  const result: SoakResult = { runs: 0, interrupts: 0, bytesCompared: 0, faults: emu.faults(), foreign: { sent: 0, failed: 0 }, mismatches: [], survivors: [], seconds: 0 };
  const foreign = o.foreignDocuments ? keepAgentBusy(emu, o.foreignDocuments) : undefined;
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
    if (foreign) {
      result.foreign = await foreign.stop();
      if (result.foreign.failed > 0) result.mismatches.push(`${result.foreign.failed} of ${result.foreign.sent} foreign documents did not succeed`);
    }
    result.faults = emu.faults();
    result.seconds = (Date.now() - started) / 1000;
    clients.destroy();
    await emu.stop();
  }
  return result;
}

/**
 * Foreign work on the instance: keeps `target` documents of someone else's running or waiting in
 * the agent's pool, each a short `sleep`. stop() waits for the last ones and says how many did not
 * end in Success.
 */
function keepAgentBusy(emu: RunningEmulator, target: number): { stop(): Promise<{ sent: number; failed: number }> } {
  const instanceId = emu.instances[0]!.instanceId;
  const ssm = new SSMClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 10 });
  const open = new Set<string>();
  let sent = 0;
  let failed = 0;
  let stopping = false;
  const finished = (id: string) => emu.workerLog().some((e) => e.commandId === id && (e.endedAt !== undefined || e.cancelled));
  const loop = (async () => {
    while (!stopping) {
      for (const id of open) if (finished(id)) open.delete(id);
      while (!stopping && open.size < target) {
        try {
          const out = await ssm.send(
            new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId], Comment: 'patch-manager', Parameters: { commands: [`sleep ${(0.5 + Math.random() * 2).toFixed(1)}`] } }),
          );
          open.add(out.Command!.CommandId!);
          sent++;
        } catch {
          break; // faults: try again at the next turn
        }
      }
      await delay(100);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      const deadline = Date.now() + 60_000;
      const ids = [...emu.workerLog().filter((e) => e.comment === 'patch-manager').map((e) => e.commandId), ...open];
      for (const id of new Set(ids)) {
        for (;;) {
          const inv = await ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instanceId })).catch(() => undefined);
          if (inv && ['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(inv.Status ?? '')) {
            if (inv.Status !== 'Success') failed++;
            break;
          }
          if (Date.now() > deadline) {
            failed++;
            break;
          }
          await delay(200);
        }
      }
      ssm.destroy();
      return { sent, failed };
    },
  };
}
