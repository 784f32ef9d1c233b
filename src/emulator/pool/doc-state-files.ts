// The agent's on-disk layout under the state directory, a contract scripts (and the smsh client)
// rely on: per instance, `document/orchestration/<commandId>/…/_script.sh` and the document state
// files `document/state/pending/<docId>` (submitted, waiting for a worker) and
// `document/state/current/<docId>` (a worker runs it). See docs/emulator.md, "The agent's worker pool".
import { mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The two state folders the emulator maintains (the agent also has completed/ and corrupt/). */
export type StateFolder = 'pending' | 'current';

/** Identifies one document on one instance: a command's invocation. */
export interface DocKey {
  commandId: string;
  instanceId: string;
}

/** The agent's document id for a Run Command invocation: `<commandId>.<instanceId>`. */
export function docId(key: DocKey): string {
  return `${key.commandId}.${key.instanceId}`;
}

/** Builds the paths of the layout and keeps the state files; every file operation is best effort. */
export class DocStateFiles {
  constructor(private readonly stateDir: string) {}

  /** `<stateDir>/<instanceId>/document`: the agent's document root for one instance. */
  documentRoot(instanceId: string): string {
    return path.join(this.stateDir, instanceId, 'document');
  }

  /** `<documentRoot>/orchestration/<commandId>`: everything the plugins of this invocation write. */
  orchestrationDir(key: DocKey): string {
    return path.join(this.documentRoot(key.instanceId), 'orchestration', key.commandId);
  }

  /** `<orchestration>/<plugin>` with the plugin name stripped of ':' (aws:runShellScript → awsrunShellScript). */
  pluginDir(key: DocKey, pluginName: string): string {
    return path.join(this.orchestrationDir(key), pluginName.replace(':', ''));
  }

  /** `<pluginDir>/0.<plugin>`: the step directory holding _script.sh. */
  stepDir(key: DocKey, pluginName: string): string {
    const plugin = pluginName.replace(':', '');
    return path.join(this.orchestrationDir(key), plugin, `0.${plugin}`);
  }

  /** `<documentRoot>/state/<folder>/<docId>`. */
  stateFile(key: DocKey, folder: StateFolder): string {
    return path.join(this.documentRoot(key.instanceId), 'state', folder, docId(key));
  }

  /** Processor.Submit: persist the document state into pending/ (both folders exist afterwards). */
  submit(key: DocKey, documentName: string): void {
    attempt(() => {
      for (const folder of ['pending', 'current'] as const) mkdirSync(path.dirname(this.stateFile(key, folder)), { recursive: true, mode: 0o700 });
      const state = { DocumentInformation: { DocumentID: docId(key), CommandID: key.commandId, InstanceID: key.instanceId, DocumentName: documentName } };
      writeFileSync(this.stateFile(key, 'pending'), `${JSON.stringify(state)}\n`, { mode: 0o600 });
    });
  }

  /** processCommand: a worker took the document, pending/ → current/. */
  take(key: DocKey): void {
    attempt(() => renameSync(this.stateFile(key, 'pending'), this.stateFile(key, 'current')));
  }

  /** The document finished: its current/ file goes (the agent moves it to completed/, which the emulator does not keep). */
  finish(key: DocKey): void {
    attempt(() => rmSync(this.stateFile(key, 'current'), { force: true }));
  }

  /** A buffered document was cancelled before a worker took it: its pending/ file goes. */
  drop(key: DocKey): void {
    attempt(() => rmSync(this.stateFile(key, 'pending'), { force: true }));
  }

  /** Removes what this invocation owns: its orchestration directory and any state file left. */
  removeOwned(key: DocKey): void {
    attempt(() => rmSync(this.orchestrationDir(key), { recursive: true, force: true }));
    this.drop(key);
    this.finish(key);
  }

  /** Removes the instance's layout directories that are empty (at shutdown), never anything else. */
  removeEmptyDirs(instanceId: string): void {
    const root = this.documentRoot(instanceId);
    const dirs = ['state/pending', 'state/current', 'state', 'orchestration', ''].map((d) => path.join(root, d));
    for (const dir of [...dirs, path.dirname(root)]) attempt(() => rmdirSync(dir));
  }
}

/** File operations are best effort: a missing or busy file must never break the emulator. */
function attempt(operation: () => void): void {
  try {
    operation();
  } catch {
    // ignored on purpose
  }
}
