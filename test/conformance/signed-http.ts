import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RawResponse } from './response-body.js';

// Signed requests made by hand, so the conformance suite validates the exact bytes the server
// sent (an SDK would parse, default and forgive them first).

/** Where and as whom to call: the fields of a started emulator that a request needs. */
export interface Endpoint {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** How to sign: a different scope region or signing time, or not at all (to provoke auth errors). */
export interface SignOptions {
  region?: string;
  signingDate?: Date;
  unsigned?: boolean;
}

/** Signs `body` for `service` with SigV4 and POSTs it; resolves with status, headers and raw body. */
export async function signedPost(ep: Endpoint, service: 'ssm' | 'ec2' | 'sts', headers: Record<string, string>, body: string, how: SignOptions = {}): Promise<RawResponse> {
  const url = new URL(ep.url);
  const signer = new SignatureV4({ service, region: how.region ?? ep.region, credentials: ep.credentials, sha256: Sha256 });
  const unsigned = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
  const signed = how.unsigned ? unsigned : await signer.sign(unsigned, how.signingDate ? { signingDate: how.signingDate } : {});
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request({ method: 'POST', host: url.hostname, port: url.port, path: '/', headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One SSM awsJson1_1 call: `X-Amz-Target: AmazonSSM.<op>`. */
export function ssmCall(ep: Endpoint, op: string, input: unknown, how: SignOptions = {}): Promise<RawResponse> {
  return signedPost(ep, 'ssm', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${op}` }, JSON.stringify(input), how);
}

const API_VERSION = { ec2: '2016-11-15', sts: '2011-06-15' } as const;

/** One EC2 or STS query-protocol call: a form-encoded `Action=...&Version=...` body. */
export function queryCall(ep: Endpoint, service: 'ec2' | 'sts', action: string, params: Record<string, string> = {}, how: SignOptions = {}): Promise<RawResponse> {
  const form = new URLSearchParams({ Action: action, Version: API_VERSION[service], ...params });
  return signedPost(ep, service, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form.toString(), how);
}

/** Flattens EC2 filters the way the query protocol numbers them: Filter.1.Name, Filter.1.Value.1, ... */
export function ec2Filters(filters: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(filters).forEach(([name, values], i) => {
    out[`Filter.${i + 1}.Name`] = name;
    values.forEach((v, j) => {
      out[`Filter.${i + 1}.Value.${j + 1}`] = v;
    });
  });
  return out;
}
