// What kind of thing the user typed as a target, decided from the text alone (no AWS calls),
// so resolve-target can pick the cheapest lookup: an id needs one SSM call, the rest go to EC2.
import { SmshError } from '../util/smsh-error.js';

/** A target as the user meant it. */
export type ParsedTarget =
  | { readonly kind: 'instance-id'; readonly id: string }
  | { readonly kind: 'ip'; readonly ip: string }
  | { readonly kind: 'dns'; readonly name: string }
  | { readonly kind: 'tag'; readonly key: string; readonly value: string }
  | { readonly kind: 'name'; readonly value: string };

/** The usage line shown for an empty or malformed target. */
export const TARGET_USAGE = 'a target is an instance id (i-…, mi-…), an IPv4 address, a DNS name, a Name tag value or tag:Key=Value';

// The SSM model's InstanceId pattern: ^i-(\w{8}|\w{17})$ or ^mi-\w{17}$.
const INSTANCE_ID = /^(?:i-(?:\w{8}|\w{17})|mi-\w{17})$/;
const DOTTED_NUMBERS = /^\d+\.\d+\.\d+\.\d+$/;

/** True for text in the shape of an EC2 or hybrid (mi-) instance id. */
export function isInstanceId(text: string): boolean {
  return INSTANCE_ID.test(text);
}

/** True for text that starts like an id but has the wrong length, so error messages can say so. */
export function looksLikeBrokenId(text: string): boolean {
  return /^m?i-[0-9a-f]+$/i.test(text) && !isInstanceId(text);
}

// Four decimal octets, each 0..255; leading zeros are read as decimal and dropped.
function normalizeIpv4(text: string): string {
  const octets = text.split('.').map((part) => Number.parseInt(part, 10));
  if (octets.some((octet) => octet > 255)) {
    throw new SmshError('usage', `not a valid IPv4 address: ${text}`);
  }
  return octets.join('.');
}

/** Classifies a target string; throws SmshError('usage') for empty or malformed input. Pure. */
export function parseTarget(input: string): ParsedTarget {
  const text = input.trim();
  if (text === '') throw new SmshError('usage', `no target given: ${TARGET_USAGE}`);
  if (/\s/.test(text) && !text.toLowerCase().startsWith('tag:')) {
    // Name tags may hold spaces: keep them, they are matched exactly.
    return { kind: 'name', value: text };
  }
  if (isInstanceId(text)) return { kind: 'instance-id', id: text };
  if (text.slice(0, 4).toLowerCase() === 'tag:') {
    const body = text.slice(4);
    const equals = body.indexOf('=');
    if (equals < 0) throw new SmshError('usage', `expected tag:Key=Value, got ${JSON.stringify(text)}`);
    const key = body.slice(0, equals);
    if (key.trim() === '') throw new SmshError('usage', `the tag key is empty in ${JSON.stringify(text)}`);
    return { kind: 'tag', key, value: body.slice(equals + 1) };
  }
  if (DOTTED_NUMBERS.test(text)) return { kind: 'ip', ip: normalizeIpv4(text) };
  if (text.includes('.')) return { kind: 'dns', name: text.replace(/\.$/, '').toLowerCase() };
  return { kind: 'name', value: text };
}

/** How a parsed target is named back to the user in messages. */
export function describeTarget(target: ParsedTarget): string {
  switch (target.kind) {
    case 'instance-id':
      return target.id;
    case 'ip':
      return target.ip;
    case 'dns':
      return target.name;
    case 'tag':
      return `tag:${target.key}=${target.value}`;
    case 'name':
      return JSON.stringify(target.value);
  }
}
