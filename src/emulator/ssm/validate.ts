// Service-model constraint checks that produce the real service's ValidationException text:
// "1 validation error detected: Value 'x' at 'comment' failed to satisfy constraint: Member must ...".
import { ValidationException } from '../errors.js';

/** Patterns of the SSM model, with the exact text the model (and the error message) uses. */
export const PATTERNS = {
  instanceId: { re: /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/, text: '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)' },
  documentArn: { re: /^[a-zA-Z0-9_\-.:/]{3,128}$/, text: '^[a-zA-Z0-9_\\-.:/]{3,128}$' },
  documentVersion: { re: /([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)/, text: '([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)' },
  maxConcurrency: { re: /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/, text: '^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$' },
  maxErrors: { re: /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/, text: '^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$' },
  targetKey: {
    re: /^[\p{L}\p{Z}\p{N}_.:/=\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name/u,
    text: '^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name',
  },
} as const;

/** A model pattern: the regex and its text as printed in messages. */
export type ModelPattern = { re: RegExp; text: string };

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(', ')}]`;
  return String(value);
}

/** Collects constraint violations of one request, then throws them as one ValidationException. */
export class Violations {
  private readonly messages: string[] = [];

  private add(member: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? 'null' : `'${show(value)}'`;
    this.messages.push(`Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
  }

  /** `Member must not be null`. */
  required(member: string, value: unknown): this {
    if (value === undefined || value === null) this.add(member, value, 'Member must not be null');
    return this;
  }

  /** String or list length bounds. */
  length(member: string, value: string | readonly unknown[] | undefined, min?: number, max?: number): this {
    if (value === undefined) return this;
    if (max !== undefined && value.length > max) this.add(member, value, `Member must have length less than or equal to ${max}`);
    else if (min !== undefined && value.length < min) this.add(member, value, `Member must have length greater than or equal to ${min}`);
    return this;
  }

  /** Integer range bounds. */
  range(member: string, value: number | undefined, min?: number, max?: number): this {
    if (value === undefined) return this;
    if (max !== undefined && value > max) this.add(member, value, `Member must have value less than or equal to ${max}`);
    else if (min !== undefined && value < min) this.add(member, value, `Member must have value greater than or equal to ${min}`);
    return this;
  }

  /** A string matching a model pattern. */
  pattern(member: string, value: string | undefined, p: ModelPattern): this {
    if (value !== undefined && !p.re.test(value)) {
      this.add(member, value, `Member must satisfy regular expression pattern: ${p.text}`);
    }
    return this;
  }

  /** Every element of a list matching a model pattern. */
  eachPattern(member: string, values: readonly string[] | undefined, p: ModelPattern): this {
    if (values?.some((v) => !p.re.test(v))) {
      this.add(member, values, `Member must satisfy constraint: [Member must satisfy regular expression pattern: ${p.text}]`);
    }
    return this;
  }

  /** Every element of a list within length bounds. */
  eachLength(member: string, values: readonly string[] | undefined, min?: number, max?: number): this {
    if (!values) return this;
    if (max !== undefined && values.some((v) => v.length > max)) {
      this.add(member, values, `Member must satisfy constraint: [Member must have length less than or equal to ${max}]`);
    } else if (min !== undefined && values.some((v) => v.length < min)) {
      this.add(member, values, `Member must satisfy constraint: [Member must have length greater than or equal to ${min}]`);
    }
    return this;
  }

  /** A value from a model enum. */
  oneOf(member: string, value: string | undefined, allowed: readonly string[]): this {
    if (value !== undefined && !allowed.includes(value)) {
      this.add(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return this;
  }

  /** Throws the collected violations, if any. */
  throwIfAny(): void {
    const n = this.messages.length;
    if (n === 0) return;
    throw new ValidationException(`${n} validation error${n > 1 ? 's' : ''} detected: ${this.messages.join('; ')}`);
  }
}
