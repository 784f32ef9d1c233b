/**
 * Recognises the lines that change the session's user. `su` and `sudo -i` would start an
 * interactive shell reading stdin, which SendCommand ties to /dev/null, so smsh handles them
 * itself: it pushes a user layer, and `exit`/`logout` pop it, as nested shells would.
 */
export type UserSwitch =
  | { action: 'push'; user: string; login: boolean }
  | { action: 'pop'; code?: number };

/** Parses a typed line; null when it is an ordinary command. Pure, so it is a table test. */
export function parseUserSwitch(line: string): UserSwitch | null {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const [first, ...rest] = words;
  if ((first === 'exit' || first === 'logout') && rest.length <= 1) {
    if (rest.length === 0) return { action: 'pop' };
    const code = Number(rest[0]);
    return Number.isInteger(code) ? { action: 'pop', code: code & 255 } : null;
  }
  if (first === 'su') return parseSu(rest);
  if (first === 'sudo') return parseSudo(rest);
  return null;
}

function parseSu(args: string[]): UserSwitch | null {
  let login = false;
  let user: string | undefined;
  for (const arg of args) {
    if (arg === '-' || arg === '-l' || arg === '--login') login = true;
    else if (arg.startsWith('-')) return null;
    else if (user === undefined) user = arg;
    else return null;
  }
  return { action: 'push', user: user ?? 'root', login };
}

function parseSudo(args: string[]): UserSwitch | null {
  if (args[0] === 'su') return parseSu(args.slice(1));
  let user = 'root';
  let mode: 'login' | 'shell' | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-u' || arg === '--user') {
      const next = args[++i];
      if (next === undefined) return null;
      user = next;
    } else if (arg.startsWith('--user=')) user = arg.slice(7);
    else if (arg === '-i' || arg === '--login') mode = 'login';
    else if (arg === '-s' || arg === '--shell') mode = mode ?? 'shell';
    else if (/^-[is]+u$/.test(arg)) {
      mode = arg.includes('i') ? 'login' : 'shell';
      if (arg.endsWith('u')) {
        const next = args[++i];
        if (next === undefined) return null;
        user = next;
      }
    } else return null;
  }
  return mode === undefined ? null : { action: 'push', user, login: mode === 'login' };
}
