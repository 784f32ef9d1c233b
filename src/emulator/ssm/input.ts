// Typed reads of an awsJson request body. A member of the wrong JSON type is a
// SerializationException, as the real (Coral) service answers; null counts as absent.
import { SerializationException } from '../errors.js';

/** A parsed awsJson request body. */
export type JsonInput = Record<string, unknown>;

/** Parses the body; empty means {}. */
export function parseJsonBody(body: Buffer): JsonInput {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SerializationException('Unable to parse the request body as JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SerializationException('Start of structure or map expected at the top level');
  }
  return parsed as JsonInput;
}

function wrongType(member: string, expected: string): SerializationException {
  return new SerializationException(`Expected ${expected} for member '${member}'`);
}

/** A string member. */
export function optString(input: JsonInput, member: string): string | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw wrongType(member, 'a string');
  return v;
}

/** An integer member. */
export function optInt(input: JsonInput, member: string): number | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(member, 'an integer');
  return v;
}

/** A boolean member. */
export function optBool(input: JsonInput, member: string): boolean | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw wrongType(member, 'a boolean');
  return v;
}

/** A list-of-strings member. */
export function optStringList(input: JsonInput, member: string): string[] | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw wrongType(member, 'a list of strings');
  return v as string[];
}

/** A structure member. */
export function optStruct(input: JsonInput, member: string): JsonInput | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(member, 'a structure');
  return v as JsonInput;
}

/** A list-of-structures member. */
export function optStructList(input: JsonInput, member: string): JsonInput[] | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
    throw wrongType(member, 'a list of structures');
  }
  return v as JsonInput[];
}

/** A map of string to list-of-strings member (SendCommand's Parameters). */
export function optStringListMap(input: JsonInput, member: string): Record<string, string[]> | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(member, 'a map');
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
      throw wrongType(`${member}.${key}`, 'a list of strings');
    }
    out[key] = list as string[];
  }
  return out;
}
