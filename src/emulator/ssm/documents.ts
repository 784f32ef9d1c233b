// The documents the emulator knows: AWS-RunShellScript (executed) and AWS-RunPowerShellScript
// (known, so that sending it gives UnsupportedPlatformType rather than InvalidDocument).
import { InvalidDocument, InvalidDocumentVersion, InvalidParameters } from '../errors.js';

/** One known SSM document. */
export interface DocumentInfo {
  name: string;
  /** The only plugin of the document, as GetCommandInvocation's PluginName. */
  pluginName: string;
  /** The platform it runs on in the emulator. */
  platform: 'Linux' | 'Windows';
  /** Whether the emulator can execute it. */
  executable: boolean;
}

/** Parameters of a run-script document once validated, defaults applied. */
export interface RunScriptParameters {
  commands: string[];
  workingDirectory: string;
  /** The raw executionTimeout text; the agent clamps it (see executionTimeoutSeconds). */
  executionTimeout: string;
}

const DOCUMENTS: Record<string, DocumentInfo> = {
  'AWS-RunShellScript': { name: 'AWS-RunShellScript', pluginName: 'aws:runShellScript', platform: 'Linux', executable: true },
  'AWS-RunPowerShellScript': {
    name: 'AWS-RunPowerShellScript',
    pluginName: 'aws:runPowerShellScript',
    platform: 'Windows',
    executable: false,
  },
};

/** Finds a document by name or by ARN (arn:aws:ssm:<region>::document/<name>). */
export function findDocument(nameOrArn: string): DocumentInfo {
  const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
  const doc = DOCUMENTS[name];
  if (!doc) throw new InvalidDocument(`Document with name ${name} does not exist.`);
  return doc;
}

/** Both documents have one version; $DEFAULT, $LATEST and 1 name it. */
export function checkDocumentVersion(version: string | undefined): void {
  if (version !== undefined && !['$DEFAULT', '$LATEST', '1'].includes(version)) {
    throw new InvalidDocumentVersion(`Document version ${version} does not exist.`);
  }
}

const KNOWN = ['commands', 'workingDirectory', 'executionTimeout'];

function single(params: Record<string, string[]>, name: string, fallback: string): string {
  const list = params[name];
  if (list === undefined) return fallback;
  if (list.length !== 1) {
    throw new InvalidParameters(`Parameter "${name}" is a String and takes exactly one value, got ${list.length}.`);
  }
  return list[0] ?? fallback;
}

/**
 * Validates the parameters of AWS-RunShellScript / AWS-RunPowerShellScript: only the three
 * declared ones, `commands` non-empty, workingDirectory ≤ 4096 chars, and the whole JSON of
 * Parameters within `maxBytes` (the emulator's configurable budget).
 */
export function runScriptParameters(params: Record<string, string[]> | undefined, maxBytes: number): RunScriptParameters {
  const given = params ?? {};
  for (const key of Object.keys(given)) {
    if (!KNOWN.includes(key)) throw new InvalidParameters(`Parameter "${key}" is not defined in the document.`);
  }
  const size = Buffer.byteLength(JSON.stringify(given));
  if (size > maxBytes) {
    throw new InvalidParameters(`Parameters are ${size} bytes, over the budget of ${maxBytes} bytes.`);
  }
  const commands = given.commands;
  if (!commands || commands.length === 0) {
    throw new InvalidParameters('Parameter "commands" is required and needs at least one value.');
  }
  const workingDirectory = single(given, 'workingDirectory', '');
  if (workingDirectory.length > 4096) {
    throw new InvalidParameters('Parameter "workingDirectory" is longer than 4096 characters.');
  }
  return { commands, workingDirectory, executionTimeout: single(given, 'executionTimeout', '3600') };
}

/** The agent's ValidateExecutionTimeout: an integer in 5..172800, anything else becomes 3600. */
export function executionTimeoutSeconds(text: string): number {
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n >= 5 && n <= 172_800 ? n : 3600;
}
