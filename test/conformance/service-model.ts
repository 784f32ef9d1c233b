import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_EMPTY_STRING_MEMBERS, AWS_EXTRA_ENUM_VALUES, ISO_DATE_TIME, MEMBER_FORMATS } from './aws-allowances.js';

// A strict checker of decoded response values against botocore's JSON service models: the
// emulator's contract is "what the AWS CLI and SDKs were generated from", so we check that.

/** A reference from a member, list or map to a shape, with the wire hints botocore reads. */
export interface ShapeRef {
  shape: string;
  locationName?: string;
  jsonName?: string;
  timestampFormat?: string;
  flattened?: boolean;
  resultWrapper?: string;
}

/** One botocore shape: only the keys the validator reads are typed. */
export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'double' | 'float' | 'timestamp' | 'blob';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  timestampFormat?: string;
  flattened?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  document?: boolean;
}

/** One botocore operation. */
export interface Operation {
  name: string;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
}

/** A botocore service-2.json document. */
export interface ServiceModel {
  metadata: { protocol: 'json' | 'query' | 'ec2' | 'rest-json' | 'rest-xml'; apiVersion: string; xmlNamespace?: string; targetPrefix?: string; endpointPrefix: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** One violation, with a JSONPath-like location so a failing test names the member. */
export interface Issue {
  path: string;
  message: string;
}

/** The services the emulator speaks, with the model version botocore uses for each. */
export const MODEL_VERSIONS = { ssm: '2014-11-06', ec2: '2016-11-15', sts: '2011-06-15' } as const;
/** One of the three services, as the models' directory names spell them. */
export type ServiceName = keyof typeof MODEL_VERSIONS;

const DATA_DIRS = [
  process.env['SMSH_BOTOCORE_DATA'],
  '/usr/lib/python3/dist-packages/awscli/botocore/data',
  '/usr/lib/python3/dist-packages/botocore/data',
].filter((d): d is string => typeof d === 'string' && d !== '');

/** Where the models were found (Debian's awscli package), or undefined: lets tests skip with a reason. */
export function botocoreDataDir(): string | undefined {
  return DATA_DIRS.find((d) => existsSync(join(d, 'ssm', MODEL_VERSIONS.ssm, 'service-2.json')));
}

/** Says once, on stderr, why model-based tests are skipped; returns whether the models are there. */
export function modelsOrWarn(): boolean {
  if (botocoreDataDir()) return true;
  console.warn(`conformance: botocore service models not found in ${DATA_DIRS.join(', ')}, so model-based tests are skipped (apt-get install awscli; CI installs it)`);
  return false;
}

const cache = new Map<ServiceName, ServiceModel>();

/** Loads and memoises one service model; throws if awscli's botocore data is not installed. */
export function loadServiceModel(service: ServiceName): ServiceModel {
  const hit = cache.get(service);
  if (hit) return hit;
  const dir = botocoreDataDir();
  if (!dir) throw new Error(`botocore service models not found in ${DATA_DIRS.join(', ')} (apt-get install awscli)`);
  const parsed: unknown = JSON.parse(readFileSync(join(dir, service, MODEL_VERSIONS[service], 'service-2.json'), 'utf8'));
  if (!isRecord(parsed) || !isRecord(parsed['metadata']) || !isRecord(parsed['operations']) || !isRecord(parsed['shapes'])) {
    throw new Error(`${service}: not a botocore service model`);
  }
  const model = parsed as unknown as ServiceModel;
  cache.set(service, model);
  return model;
}

/** Narrowing helper shared by the wire decoders. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Looks an operation up, failing loudly on a typo in a test. */
export function operation(model: ServiceModel, name: string): Operation {
  const op = model.operations[name];
  if (!op) throw new Error(`${model.metadata.endpointPrefix}: no operation ${name}`);
  return op;
}

/** Looks a shape up, failing loudly on a broken reference. */
export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const s = model.shapes[ref.shape];
  if (!s) throw new Error(`no shape ${ref.shape}`);
  return s;
}

/** Validation switches; the default mirrors what real AWS sends. */
export interface ValidateOptions {
  /** Reject even the "" that AWS itself sends for AWS_EMPTY_STRING_MEMBERS (default false). */
  strictEmptyStrings?: boolean;
}

interface Ctx {
  model: ServiceModel;
  issues: Issue[];
  strictEmptyStrings: boolean;
}

/** Validates a decoded output value (JSON body, or XML already mapped to member names). */
export function validateOutput(model: ServiceModel, opName: string, value: unknown, options: ValidateOptions = {}): Issue[] {
  const op = operation(model, opName);
  const issues: Issue[] = [];
  if (!op.output) {
    if (!isRecord(value) || Object.keys(value).length > 0) issues.push({ path: '$', message: 'operation has no output shape: expected an empty body' });
    return issues;
  }
  validateValue(model, op.output, value, '$', issues, options);
  return issues;
}

/** Validates one value against a shape reference; exported so error bodies reuse it. */
export function validateValue(model: ServiceModel, ref: ShapeRef, value: unknown, path: string, issues: Issue[], options: ValidateOptions = {}): void {
  check({ model, issues, strictEmptyStrings: options.strictEmptyStrings ?? false }, ref, value, path, undefined);
}

function check(ctx: Ctx, ref: ShapeRef, value: unknown, path: string, owner: string | undefined): void {
  const { model, issues } = ctx;
  const shape = shapeOf(model, ref);
  const fail = (message: string): void => {
    issues.push({ path, message: `${message} (shape ${ref.shape})` });
  };
  if (value === null || value === undefined) {
    fail(`got ${String(value)}; AWS omits absent members instead`);
    return;
  }
  if (shape.document) return;
  if (value === '' && !ctx.strictEmptyStrings && owner !== undefined && AWS_EMPTY_STRING_MEMBERS.has(owner)) return;
  switch (shape.type) {
    case 'structure':
      return validateStructure(ctx, ref.shape, shape, value, path, fail);
    case 'list':
      if (!Array.isArray(value)) return fail(`expected a list, got ${describeValue(value)}`);
      checkRange(shape, value.length, 'items', fail);
      value.forEach((item: unknown, i) => check(ctx, shape.member ?? { shape: '?' }, item, `${path}[${i}]`, undefined));
      return;
    case 'map':
      if (!isRecord(value)) return fail(`expected a map (object), got ${describeValue(value)}`);
      checkRange(shape, Object.keys(value).length, 'entries', fail);
      for (const [k, v] of Object.entries(value)) {
        if (shape.key) check(ctx, shape.key, k, `${path}{${k}}`, undefined);
        if (shape.value) check(ctx, shape.value, v, `${path}.${k}`, undefined);
      }
      return;
    case 'string':
      return validateString(shape, value, fail, owner === undefined ? undefined : MEMBER_FORMATS[owner], owner === undefined ? [] : (AWS_EXTRA_ENUM_VALUES[owner] ?? []));
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected ${shape.type}, got ${describeValue(value)}`);
      const limit = shape.type === 'integer' ? 2 ** 31 : Number.MAX_SAFE_INTEGER;
      if (value < -limit || value >= limit) fail(`${value} is out of the ${shape.type} range`);
      checkRange(shape, value, 'value', fail);
      return;
    }
    case 'double':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected ${shape.type}, got ${describeValue(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected boolean, got ${describeValue(value)}`);
      return;
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) fail(`expected base64 text, got ${describeValue(value)}`);
      return;
    case 'timestamp':
      return validateTimestamp(timestampFormat(model, ref, shape), value, fail);
    default:
      fail(`unsupported shape type ${String(shape.type)}`);
  }
}

function validateStructure(ctx: Ctx, shapeName: string, shape: Shape, value: unknown, path: string, fail: (m: string) => void): void {
  if (!isRecord(value)) return fail(`expected a structure (object), got ${describeValue(value)}`);
  const members = shape.members ?? {};
  const byWireName = new Map(Object.entries(members).map(([name, ref]) => [ref.jsonName ?? name, [name, ref] as const]));
  for (const [key, v] of Object.entries(value)) {
    const hit = byWireName.get(key);
    if (!hit) {
      ctx.issues.push({ path: `${path}.${key}`, message: `unknown member (allowed: ${shortList([...byWireName.keys()])})` });
      continue;
    }
    check(ctx, hit[1], v, `${path}.${key}`, `${shapeName}.${hit[0]}`);
  }
  for (const name of shape.required ?? []) {
    const wire = members[name]?.jsonName ?? name;
    if (!(wire in value)) ctx.issues.push({ path: `${path}.${wire}`, message: 'required member is missing' });
  }
}

function validateString(shape: Shape, value: unknown, fail: (m: string) => void, format: RegExp | undefined, extraEnum: readonly string[]): void {
  if (typeof value !== 'string') return fail(`expected string, got ${describeValue(value)}`);
  if (shape.enum && !shape.enum.includes(value) && !extraEnum.includes(value)) {
    const shown = shape.enum.length > 12 ? `${shape.enum.slice(0, 12).join(', ')}, …` : shape.enum.join(', ');
    fail(`${JSON.stringify(value)} is not one of the enum values (${shown})`);
  }
  checkRange(shape, value.length, 'length', fail);
  const re = format ?? (shape.pattern === undefined ? undefined : compilePattern(shape.pattern));
  if (re && !re.test(value)) fail(`${JSON.stringify(value.slice(0, 80))} does not match pattern ${re.source}`);
}

function checkRange(shape: Shape, n: number, what: string, fail: (m: string) => void): void {
  if (shape.min !== undefined && n < shape.min) fail(`${what} ${n} is below min ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) fail(`${what} ${n} is above max ${shape.max}`);
}

/** botocore's rule: member trait, then shape trait, then the protocol default. */
function timestampFormat(model: ServiceModel, ref: ShapeRef, shape: Shape): string {
  const explicit = ref.timestampFormat ?? shape.timestampFormat;
  if (explicit) return explicit;
  return model.metadata.protocol === 'json' || model.metadata.protocol === 'rest-json' ? 'unixTimestamp' : 'iso8601';
}

// Epoch seconds between 2000 and 2100: catches milliseconds sent where seconds belong.
const EPOCH_MIN = 946_684_800;
const EPOCH_MAX = 4_102_444_800;

function validateTimestamp(format: string, value: unknown, fail: (m: string) => void): void {
  if (format === 'unixTimestamp') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected epoch seconds as a JSON number, got ${describeValue(value)}`);
    if (value < EPOCH_MIN || value > EPOCH_MAX) fail(`${value} is not plausible epoch seconds (milliseconds?)`);
    return;
  }
  if (format === 'iso8601') {
    if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) fail(`expected an ISO 8601 date-time string, got ${describeValue(value)}`);
    return;
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(`expected a ${format} date, got ${describeValue(value)}`);
}

const patterns = new Map<string, RegExp | undefined>();

/** Model patterns are Java regexes: try Unicode mode (for \p{L}), then legacy mode; skip what JS cannot compile. */
function compilePattern(source: string): RegExp | undefined {
  if (patterns.has(source)) return patterns.get(source);
  let re: RegExp | undefined;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(source, flags);
      break;
    } catch {
      re = undefined;
    }
  }
  patterns.set(source, re);
  return re;
}

/** A short description of a value for messages. */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function shortList(names: string[]): string {
  if (names.length === 0) return 'none';
  return names.length > 15 ? `${names.slice(0, 15).join(', ')}, …` : names.join(', ');
}
