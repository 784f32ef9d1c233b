/** The word under the cursor that Tab completes. */
export interface CompletionTarget {
  /** Where the word starts in the line. */
  start: number;
  /** What was typed of it, quotes and backslashes included. */
  raw: string;
  /** A command name (first word of a command) rather than a path. */
  command: boolean;
  /** The directory to list, as typed and unquoted (`''` for the current one); undefined for a command. */
  dir?: string;
  /** The part of the name after the last `/`, unquoted. */
  prefix: string;
  /** Only directories make sense (`cd`, `pushd`, `rmdir`). */
  dirsOnly?: boolean;
}

/** A name a listing offered. */
export interface Candidate {
  name: string;
  dir: boolean;
}

/** What a completion does to the line. */
export interface CompletionResult {
  text: string;
  cursor: number;
  /** Names to show above the prompt when the completion is ambiguous and nothing could be added. */
  list: string[];
}

const OPERATORS = '|;&<>()`';
const SPECIAL = /[\s"'\\$`&|;<>()*?[\]{}!#]/g;
const DIR_COMMANDS = new Set(['cd', 'pushd', 'rmdir']);
const PREFIX_WORDS = new Set(['sudo', 'time', 'nohup', 'exec', 'command', 'env', 'xargs', 'nice', 'watch', 'which', 'type', 'man', 'strace']);

/** Finds the word to complete before the cursor, or null where completion makes no sense ($VAR, -option). Pure. */
export function completionTarget(text: string, cursor: number): CompletionTarget | null {
  const before = text.slice(0, cursor);
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\\') i++;
    else if (/\s/.test(c) || OPERATORS.includes(c)) start = i + 1;
  }
  const raw = before.slice(start);
  if (raw.startsWith('$') || raw.startsWith('-')) return null;
  const value = unquote(raw);
  const lead = before.slice(0, start).trimEnd();
  const prevWord = lead.split(/[\s|;&()`]+/).pop() ?? '';
  const command = (lead === '' || OPERATORS.includes(lead.at(-1)!) || PREFIX_WORDS.has(prevWord)) && !value.includes('/');
  const slash = value.lastIndexOf('/');
  return command
    ? { start, raw, command, prefix: value }
    : { start, raw, command, dir: slash < 0 ? '' : value.slice(0, slash + 1), prefix: value.slice(slash + 1), ...(DIR_COMMANDS.has(prevWord) ? { dirsOnly: true } : {}) };
}

/** Removes sh quoting from a typed word (an unclosed quote is fine: the word is still being typed). */
export function unquote(raw: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else out += c;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < raw.length) out += raw[++i];
    else out += c;
  }
  return out;
}

/** The absolute directory a typed directory part names, given the remote cwd and home. Pure. */
export function resolveDir(dir: string, cwd: string, home: string): string {
  let d = dir;
  if (d === '~' || d.startsWith('~/')) d = home + d.slice(1);
  if (!d.startsWith('/')) d = `${cwd.replace(/\/+$/, '')}/${d}`;
  const parts: string[] = [];
  for (const p of d.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let p = names[0]!;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * Completes the target from a listing, as bash does: a unique match is finished (a `/` after a
 * directory, a space after anything else), several matches are extended to their common prefix,
 * and when nothing can be added they are listed. Special characters are backslash-escaped unless
 * the word is in quotes. Pure.
 */
export function applyCompletion(text: string, cursor: number, target: CompletionTarget, candidates: Candidate[]): CompletionResult {
  const hidden = !target.prefix.startsWith('.');
  const matches = candidates.filter((c) => c.name.startsWith(target.prefix) && !(hidden && c.name.startsWith('.')) && c.name !== '.' && c.name !== '..' && (c.dir || !target.dirsOnly));
  const unique = [...new Map(matches.map((m) => [m.name, m])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (unique.length === 0) return { text, cursor, list: [] };
  const quote = target.raw.startsWith('"') || target.raw.startsWith("'") ? target.raw[0]! : null;
  const rawDir = target.command ? '' : target.raw.slice(0, target.raw.lastIndexOf('/') + 1);
  const escape = (s: string) => (quote ? s : s.replace(SPECIAL, (c) => `\\${c}`));
  let name: string;
  let suffix = '';
  let list: string[] = [];
  if (unique.length === 1) {
    const only = unique[0]!;
    name = only.name;
    suffix = only.dir ? '/' : `${quote ?? ''} `;
  } else {
    name = commonPrefix(unique.map((u) => u.name));
    if (name === target.prefix) list = unique.map((u) => (u.dir ? `${u.name}/` : u.name));
  }
  const lead = rawDir === '' && quote ? quote : rawDir;
  const word = lead + escape(name) + suffix;
  const next = text.slice(0, target.start) + word + text.slice(cursor);
  return { text: next, cursor: target.start + word.length, list };
}

/** Lays names out in columns for a terminal `width` wide, like ls. Pure. */
export function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  const w = Math.max(...names.map((n) => n.length)) + 2;
  const perRow = Math.max(1, Math.floor(width / w));
  const rows = Math.ceil(names.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const n = names[c * rows + r];
      if (n !== undefined) line += n.padEnd(w);
    }
    lines.push(line.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
