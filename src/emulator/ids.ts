// Identifiers: random ones for requests and commands, stable ones derived from a seed.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A request id for x-amzn-RequestId / <requestId>. */
export function newRequestId(): string {
  return randomUUID();
}

/** A CommandId: a UUID, 36 characters like the real service's. */
export function newCommandId(): string {
  return randomUUID();
}

/** `length` lowercase hex characters derived from `seed`, stable across runs. */
export function stableHex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${i}:${seed}`).digest('hex');
  return out.slice(0, length);
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `length` characters of [A-Z2-7] derived from `seed` (IAM-style ids). */
export function stableUpper(seed: string, length: number): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += UPPER_ALNUM[(bytes[i % bytes.length] ?? 0) % 32];
  return out;
}

/** Random credentials shaped like AWS's (20-char AKIA… id, 40-char secret). */
export function randomCredentials(): { accessKeyId: string; secretAccessKey: string } {
  const id = [...randomBytes(16)].map((b) => UPPER_ALNUM[b % 32]).join('');
  const secret = randomBytes(30).toString('base64').replace(/[+/]/g, 'A').slice(0, 40);
  return { accessKeyId: `AKIA${id}`, secretAccessKey: secret };
}
