import { expect } from 'vitest';
import { validateResponse, type RawResponse, type Verdict } from './response-body.js';
import type { ServiceName } from './service-model.js';

// Assertions shared by the files that validate live emulator responses.

/** Asserts a raw response conforms (naming the body in the failure) and returns the verdict. */
export function conforming(service: ServiceName, op: string, res: RawResponse): Verdict {
  const verdict = validateResponse(service, op, res);
  expect(verdict.issues, `${service} ${op} answered HTTP ${res.status}: ${res.body.slice(0, 600)}`).toEqual([]);
  return verdict;
}

/** Asserts a conforming error response with exactly `code`. */
export function conformingError(service: ServiceName, op: string, res: RawResponse, code: string): Verdict {
  const verdict = conforming(service, op, res);
  expect(verdict.error?.code, `${op} answered ${res.status}: ${res.body.slice(0, 300)}`).toBe(code);
  return verdict;
}

/** Reads a member of a decoded body (or of parsed CLI output); undefined when absent. */
export function get(v: unknown, ...keys: (string | number)[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
