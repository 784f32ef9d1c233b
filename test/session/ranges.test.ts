import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGovernor } from '../../src/aws/governor.js';
import { createSsmPort, type Invocation, type SsmPort } from '../../src/session/ssm-port.js';
import { collect, startEngineFixture, type EngineFixture } from '../helpers/session.js';

// Big outputs are read by a pipeline of range readers, each bringing a frame on stdout and a
// side frame on stderr. These tests watch the invocations go by (a wrapper over the real port)
// and damage some of them, as a service keeping less stderr or a cut frame would.
let fx: EngineFixture;
const work = mkdtempSync(path.join(tmpdir(), 'smsh-ranges-'));
const file = path.join(work, 'big.log');
let content: Buffer;
beforeAll(async () => {
  fx = await startEngineFixture();
  // ~3 MB of varied text: compressible, but not to nothing.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  content = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `${i} ${rand().toString(36).slice(2)} GET /api/${Math.floor(rand() * 1e6)} ${rand() < 0.9 ? 200 : 500}\n`).join(''));
  writeFileSync(file, content);
});
afterAll(async () => {
  await fx?.stop();
  rmSync(work, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A port over the fixture's emulator that lets a test see and alter each finished invocation it
 * reads, and counts how many main-lane readers (`(read)`) were in flight at once.
 */
function watchedPort(alter: (inv: Invocation, n: number) => Invocation = (inv) => inv) {
  const port = createSsmPort({ ssm: fx.ssm, governor: createGovernor(), instanceId: fx.instanceId, minRetryMs: 10, maxRetryMs: 200 });
  const seen: Invocation[] = [];
  const openReaders = new Set<string>();
  let maxReaders = 0;
  const wrapped: SsmPort = {
    ...port,
    get calls() {
      return port.calls;
    },
    async send(script, o) {
      const id = await port.send(script, o);
      if (o.comment.includes(': (read) ')) {
        openReaders.add(id);
        maxReaders = Math.max(maxReaders, openReaders.size);
      }
      return id;
    },
    async get(id, until, signal) {
      const inv = await port.get(id, until, signal);
      if (inv.status !== 'Success') return inv;
      openReaders.delete(id);
      seen.push(inv);
      return alter(inv, seen.length);
    },
  };
  return { port: wrapped, seen, maxReaders: () => maxReaders };
}

describe('range readers', () => {
  it('read a big output byte-exact, carrying part of each range on stderr', async () => {
    const { port, seen } = watchedPort();
    const s = fx.open({ port });
    await s.start();
    const r = await collect(s, `cat '${file}'`);
    expect(r.exitCode).toBe(0);
    expect(sha(r.stdout)).toBe(sha(content));
    const sides = seen.filter((inv) => inv.stderr.includes('SMSH1 side'));
    expect(sides.length).toBeGreaterThan(3);
    // Every output stays under the agent's caps.
    for (const inv of seen) {
      expect(Buffer.byteLength(inv.stdout)).toBeLessThan(24_000);
      expect(Buffer.byteLength(inv.stderr)).toBeLessThan(8_000);
    }
    expect(s.channel.sideChannel).toBe(true);
    await s.end();
  });

  it('still deliver every byte when side frames come back cut short, and stop using them', async () => {
    const { port, seen } = watchedPort((inv) => ({ ...inv, stderr: inv.stderr.slice(0, 3000) }));
    const s = fx.open({ port });
    await s.start();
    const r = await collect(s, `cat '${file}'`);
    expect(sha(r.stdout)).toBe(sha(content));
    expect(s.channel.sideChannel).toBe(false);
    const sidesAsked = seen.filter((inv) => inv.stderr.startsWith('SMSH1 side')).length;
    expect(sidesAsked).toBeLessThanOrEqual(3 + 10); // at most the readers already in flight when it was turned off
    await s.end();
  });

  it('read a range again when its frame was cut short', async () => {
    let cut = 0;
    const { port } = watchedPort((inv, n) => {
      if (n % 4 === 0 && inv.stderr.startsWith('SMSH1 side')) {
        cut++;
        return { ...inv, stdout: inv.stdout.slice(0, 5000) };
      }
      return inv;
    });
    const s = fx.open({ port });
    await s.start();
    const r = await collect(s, `cat '${file}'`);
    expect(cut).toBeGreaterThan(0);
    expect(sha(r.stdout)).toBe(sha(content));
    await s.end();
  });

  it('fall back to one reader at a time with rangeReaders 1, still byte-exact', async () => {
    const s = fx.open({ rangeReaders: 1 });
    await s.start();
    const r = await collect(s, `head -c 400000 '${file}'`);
    expect(r.stdout.equals(content.subarray(0, 400_000))).toBe(true);
    await s.end();
  });
});

describe('the companion reader', () => {
  const loop = `for i in $(seq 1 40); do echo "line $i"; sleep 0.05; done; echo done >&2`;
  const expected = Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join('');

  it('keeps a second reader in flight while output flows, and no byte arrives twice', async () => {
    const { port, maxReaders } = watchedPort();
    const s = fx.open({ port, initialRoundTripMs: 30 });
    await s.start();
    const r = await collect(s, loop);
    expect(r.stdout.toString()).toBe(expected);
    expect(r.stderr.toString()).toBe('done\n');
    expect(r.exitCode).toBe(0);
    expect(maxReaders()).toBe(2);
    await s.end();
  });

  it('is not used when turned off', async () => {
    const { port, maxReaders } = watchedPort();
    const s = fx.open({ port, companionReader: false, initialRoundTripMs: 30 });
    await s.start();
    const r = await collect(s, loop);
    expect(r.stdout.toString()).toBe(expected);
    expect(maxReaders()).toBe(1);
    await s.end();
  });
});

describe('interrupting a big output', () => {
  it('skips what was spooled before the interrupt, and shows what the line prints while it stops', async () => {
    const s = fx.open();
    await s.start();
    const controller = new AbortController();
    const out: Buffer[] = [];
    const notices: string[] = [];
    const r = await s.run(`trap 'echo stopped-by-term; exit 143' TERM; cat '${file}'; sleep 30 & wait`, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'output' && e.stream === 'stdout') {
          out.push(e.data);
          controller.abort();
        }
        if (e.type === 'notice') notices.push(e.message);
      },
    });
    const stdout = Buffer.concat(out);
    const shown = stdout.subarray(0, stdout.length - 'stopped-by-term\n'.length);
    expect({
      cancelled: r.cancelled,
      exitCode: r.exitCode,
      tail: stdout.subarray(-40).toString(),
      // what did show is the file's start, whole
      shownIsTheStart: content.subarray(0, shown.length).equals(shown),
    }).toEqual({ cancelled: true, exitCode: 143, tail: expect.stringMatching(/stopped-by-term\n$/), shownIsTheStart: true });
    expect(stdout.length).toBeLessThan(content.length / 2);
    expect(notices.join('\n')).toMatch(/^smsh: skipped \d+(\.\d)? [KMG]iB of output written before the interrupt$/m);
    await s.end();
  });
});
