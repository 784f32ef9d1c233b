// SigV4 verification with the maintained signer (@smithy/signature-v4 + @aws-crypto/sha256-js):
// rebuild the request from the headers the client says it signed, sign it again with our secret
// for the same date/region/service, and compare signatures in constant time.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthFailureKind } from '../service-errors.js';

/** What verification needs to know about a request. */
export interface SignedRequest {
  method: string;
  /** Path without the query string, still percent-encoded as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The configuration requests are checked against. */
export interface VerifyConfig {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Largest accepted difference between X-Amz-Date and now. @default 15 minutes */
  maxSkewMs?: number;
  now?: () => number;
}

/** The parsed Authorization header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Outcome of verification. */
export type VerifyResult = { ok: true; service: string } | { ok: false; kind: AuthFailureKind; detail: string };

const MAX_SKEW_MS = 15 * 60 * 1000;

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of (m[1] ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || credential[4] !== 'aws4_request' || !signedHeaders || !signature) return undefined;
  const [accessKeyId = '', date = '', region = '', service = ''] = credential;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** The service named in the credential scope, when there is a parsable Authorization header. */
export function scopeService(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  return auth ? parseAuthorization(auth)?.service : undefined;
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies the SigV4 Authorization header of a request. */
export async function verifySigV4(request: SignedRequest, config: VerifyConfig): Promise<VerifyResult> {
  const header = headerValue(request.headers, 'authorization');
  if (!header) return { ok: false, kind: 'missing', detail: 'Missing Authentication Token' };
  const auth = parseAuthorization(header);
  if (!auth) {
    return {
      ok: false,
      kind: 'incomplete',
      detail: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header.split(' ')[0] ?? ''}`,
    };
  }
  const dateText = headerValue(request.headers, 'x-amz-date');
  const signingDate = dateText ? parseAmzDate(dateText) : undefined;
  if (!signingDate) {
    return { ok: false, kind: 'incomplete', detail: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
  }
  if (!auth.signedHeaders.includes('host')) {
    return { ok: false, kind: 'incomplete', detail: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
  }
  if (auth.accessKeyId !== config.accessKeyId) return { ok: false, kind: 'unknown-key', detail: 'unknown access key' };
  const now = (config.now ?? Date.now)();
  const skew = signingDate.getTime() - now;
  const maxSkew = config.maxSkewMs ?? MAX_SKEW_MS;
  if (skew < -maxSkew) {
    return {
      ok: false,
      kind: 'expired',
      detail: `Signature expired: ${dateText} is now earlier than ${amzDate(now - maxSkew)} (${amzDate(now)} - 15 min.)`,
    };
  }
  if (skew > maxSkew) {
    return {
      ok: false,
      kind: 'expired',
      detail: `Signature not yet current: ${dateText} is still later than ${amzDate(now + maxSkew)} (${amzDate(now)} + 15 min.)`,
    };
  }
  if (auth.region !== config.region) {
    return { ok: false, kind: 'bad-signature', detail: `Credential should be scoped to a valid region, not '${auth.region}'.` };
  }
  const claimedHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (claimedHash && auth.signedHeaders.includes('x-amz-content-sha256') && claimedHash !== 'UNSIGNED-PAYLOAD') {
    const actual = createHash('sha256').update(request.body).digest('hex');
    if (claimedHash !== actual) {
      return { ok: false, kind: 'bad-signature', detail: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    }
  }
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const all = request.query.getAll(key);
    query[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  let path = request.path;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    // keep the raw path; the signature will not match
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: headers.host ?? '', path, query, headers, body: request.body },
    { signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  if (!safeEqual(expected, auth.signature)) {
    return {
      ok: false,
      kind: 'bad-signature',
      detail:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, service: auth.service };
}
