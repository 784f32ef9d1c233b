// Generated payloads: log-like text (compresses like real logs, not like repeated lines) and random bytes.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const COMPONENTS = ['http', 'db.pool', 'auth', 'scheduler', 'cache', 'worker-3', 'api.v2.orders', 'metrics'];
const MESSAGES = [
  (r: () => number) => `GET /api/v2/orders/${Math.floor(r() * 1e6)} 200 ${Math.floor(r() * 900) + 3}ms bytes=${Math.floor(r() * 90000)}`,
  (r: () => number) => `POST /api/v2/login 401 user=${hex(r, 8)} ip=10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
  (r: () => number) => `query took ${(r() * 250).toFixed(2)}ms rows=${Math.floor(r() * 5000)} sql="SELECT * FROM orders WHERE id = $1"`,
  (r: () => number) => `job ${hex(r, 12)} finished in ${(r() * 30).toFixed(3)}s status=${r() < 0.9 ? 'ok' : 'retry'}`,
  (r: () => number) => `cache miss key=session:${hex(r, 16)} ttl=${Math.floor(r() * 3600)}`,
  (r: () => number) => `connection pool size=${Math.floor(r() * 50)} idle=${Math.floor(r() * 20)} waiting=${Math.floor(r() * 4)}`,
  (r: () => number) => `request_id=${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)} trace=${hex(r, 16)} span=${hex(r, 8)}`,
];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}

/** A small deterministic PRNG (mulberry32), so payloads are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `bytes` of log-like text to `file` (whole lines, the last one cut to size); returns its sha256. */
export function writeLogText(file: string, bytes: number, seed = 1): string {
  const r = prng(seed);
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  let written = 0;
  let ts = Date.UTC(2025, 0, 15, 8, 0, 0);
  try {
    while (written < bytes) {
      const lines: string[] = [];
      for (let i = 0; i < 5000; i++) {
        ts += Math.floor(r() * 40);
        const level = LEVELS[Math.floor(r() * LEVELS.length)]!;
        const comp = COMPONENTS[Math.floor(r() * COMPONENTS.length)]!;
        const msg = MESSAGES[Math.floor(r() * MESSAGES.length)]!(r);
        lines.push(`${new Date(ts).toISOString()} ${level.padEnd(5)} [${comp}] pid=${1200 + Math.floor(r() * 8)} ${msg}\n`);
      }
      let buf = Buffer.from(lines.join(''));
      if (written + buf.length > bytes) buf = buf.subarray(0, bytes - written);
      writeSync(fd, buf);
      hash.update(buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Writes `bytes` random bytes to `file`; returns its sha256. */
export function writeRandom(file: string, bytes: number): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const buf = randomBytes(Math.min(1 << 20, bytes - written));
      writeSync(fd, buf);
      hash.update(buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** MB as the bench reports it (10^6 bytes). */
export const MB = 1_000_000;
