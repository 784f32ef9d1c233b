import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Programs the shell treats as "edit a file" that are not themselves an editor to run locally. */
const NOT_LOCAL_EDITORS = new Set(['edit', 'sudoedit']);

/** The first executable file called `name` on a PATH (like `which`), or null. */
export function findOnPath(name: string, pathVar: string | undefined): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The local command that edits a file: a program and the words before the file. */
export interface EditorCommand {
  command: string;
  args: string[];
  /** Where the choice came from, for messages and tests. */
  source: 'named' | 'VISUAL' | 'EDITOR' | 'default';
}

/**
 * Picks the local editor for a typed program: the one named when it is installed here (found on
 * PATH), else `$VISUAL`, else `$EDITOR` (split on blanks, so `code -w` works), else `vi`.
 * `edit` and `sudoedit` always mean "the user's editor".
 */
export function chooseEditor(program: string, env: NodeJS.ProcessEnv = process.env): EditorCommand {
  const name = path.basename(program);
  if (!NOT_LOCAL_EDITORS.has(name) && findOnPath(name, env.PATH) !== null) return { command: name, args: [], source: 'named' };
  for (const key of ['VISUAL', 'EDITOR'] as const) {
    const words = (env[key] ?? '').trim().split(/\s+/).filter((w) => w !== '');
    if (words.length > 0) return { command: words[0]!, args: words.slice(1), source: key };
  }
  return { command: 'vi', args: [], source: 'default' };
}
