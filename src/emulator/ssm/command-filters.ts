// The CommandFilter list of ListCommands / ListCommandInvocations (InvokedAfter, InvokedBefore,
// Status, ExecutionStage, DocumentName), shared by both.
import { InvalidFilterKey, ValidationException } from '../errors.js';
import type { CommandRecord } from './command-store.js';
import { optString, optStructList, type JsonInput } from './input.js';
import type { Violations } from './validate.js';

const KEYS = ['InvokedAfter', 'InvokedBefore', 'Status', 'ExecutionStage', 'DocumentName'] as const;

/** A parsed filter. */
export interface CommandFilter {
  key: (typeof KEYS)[number];
  value: string;
}

/** Reads and validates Filters (1..5 entries, key enum, value 1..128 chars). */
export function readCommandFilters(input: JsonInput, v: Violations): CommandFilter[] {
  const raw = optStructList(input, 'Filters');
  if (!raw) return [];
  v.length('filters', raw, 1, 5);
  return raw.map((f, i) => {
    const key = optString(f, 'key');
    const value = optString(f, 'value');
    const at = `filters.${i + 1}.member`;
    v.required(`${at}.key`, key).oneOf(`${at}.key`, key, KEYS);
    v.required(`${at}.value`, value).length(`${at}.value`, value, 1, 128);
    return { key: (key ?? 'Status') as CommandFilter['key'], value: value ?? '' };
  });
}

function time(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ValidationException(`Invalid date: ${value}`);
  return t;
}

/** Whether a command (with its status `status` at this moment) passes every filter. */
export function commandMatches(command: CommandRecord, status: string, terminal: boolean, filters: CommandFilter[]): boolean {
  return filters.every(({ key, value }) => {
    switch (key) {
      case 'InvokedAfter':
        return command.requestedAt >= time(value);
      case 'InvokedBefore':
        return command.requestedAt <= time(value);
      case 'Status':
        return status === value;
      case 'DocumentName':
        return command.document.name === value;
      case 'ExecutionStage':
        if (value !== 'Executing' && value !== 'Complete') throw new InvalidFilterKey(`Invalid ExecutionStage value: ${value}`);
        return value === 'Complete' ? terminal : !terminal;
    }
    return true;
  });
}
