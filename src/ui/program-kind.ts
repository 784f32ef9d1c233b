/** How the shell treats a typed line whose program needs a terminal that SendCommand cannot give. */
export type ProgramKind =
  | { kind: 'run' }
  | { kind: 'editor'; program: string; files: string[] }
  | { kind: 'pager'; program: string }
  | { kind: 'interactive'; program: string; message: string };

const EDITORS = new Set(['vi', 'vim', 'nvim', 'view', 'vimdiff', 'nano', 'pico', 'emacs', 'mcedit', 'joe', 'micro', 'ne', 'edit', 'sudoedit']);
const PAGERS = new Set(['less', 'more', 'most', 'pg', 'man']);
const REPLS = new Set(['python', 'python2', 'python3', 'node', 'irb', 'ruby', 'perl', 'php', 'lua', 'bash', 'sh', 'zsh', 'dash', 'fish', 'mysql', 'psql', 'sqlite3', 'redis-cli', 'mongo', 'mongosh']);

// Programs that draw a full screen or read the keyboard, and what to run instead.
const FULL_SCREEN: Record<string, string> = {
  top: 'top -b -n 1 | head -40',
  htop: 'top -b -n 1 | head -40',
  atop: 'atop 1 1',
  btop: 'top -b -n 1 | head -40',
  iotop: 'iotop -b -n 1',
  iftop: 'iftop -t -s 5',
  nethogs: 'nethogs -t -c 2',
  nmon: 'vmstat 1 5',
  watch: 'the command itself, or: for i in 1 2 3; do CMD; sleep 2; done',
  tmux: 'plain commands (add & or nohup for long ones)',
  screen: 'plain commands (add & or nohup for long ones)',
  mc: 'ls, cp, mv',
  ncdu: 'du -xh --max-depth=1 . | sort -h',
  ranger: 'ls -la',
  ssh: 'ssh HOST COMMAND',
  telnet: 'nc HOST PORT <<<"…" or curl',
  ftp: 'curl or sftp -b batchfile',
  passwd: "echo 'user:password' | chpasswd",
  visudo: "visudo -c to check, and edit /etc/sudoers.d/ files with your editor",
};

// Splits a line on unquoted |, ;, && and || into simple commands' words (quotes removed), roughly as sh would.
function commands(line: string): string[][] {
  const out: string[][] = [[]];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  const end = () => {
    if (inWord) out.at(-1)!.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) end();
    else if (c === '|' || c === ';' || c === '&') {
      end();
      if (line[i + 1] === c) i++;
      out.push([]);
    } else {
      word += c;
      inWord = true;
    }
  }
  end();
  return out.filter((words) => words.length > 0);
}

// Drops what only wraps the real program: sudo [-u user], env VAR=…, nohup, time, command, exec.
function program(words: string[]): string[] {
  let w = words;
  for (;;) {
    const first = w[0];
    if (first === undefined) return w;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) w = w.slice(1);
    else if (first === 'sudo') {
      w = w.slice(1);
      while (w[0]?.startsWith('-')) w = w[0] === '-u' ? w.slice(2) : w.slice(1);
    } else if (['env', 'nohup', 'time', 'command', 'exec', 'nice'].includes(first)) w = w.slice(1);
    else return w;
  }
}

const base = (p: string) => p.split('/').pop() ?? p;

/** Classifies a line: edit locally, page locally, explain and refuse, or run. Pure, so it is a table test. */
export function classifyLine(line: string): ProgramKind {
  const cmds = commands(line).map(program).filter((w) => w.length > 0);
  const first = cmds[0];
  if (!first) return { kind: 'run' };
  const name = base(first[0]!);
  const args = first.slice(1);
  if (cmds.length === 1 && EDITORS.has(name)) return { kind: 'editor', program: name, files: args.filter((a) => !a.startsWith('-') && !a.startsWith('+')) };
  if (cmds.length === 1 && name === 'crontab' && args.includes('-e')) {
    return { kind: 'interactive', program: name, message: 'crontab -e needs a terminal editor; instead: crontab -l > /tmp/cron; edit it; crontab /tmp/cron' };
  }
  if (cmds.length === 1 && name === 'ssh' && args.filter((a) => !a.startsWith('-')).length > 1) return { kind: 'run' };
  if (cmds.length === 1 && name in FULL_SCREEN && !(name === 'top' && args.includes('-b')) && !(name === 'iotop' && args.includes('-b'))) {
    return { kind: 'interactive', program: name, message: `${name} needs a terminal (SSM Run Command has no pty and stdin is /dev/null); try: ${FULL_SCREEN[name]}` };
  }
  if (cmds.length === 1 && REPLS.has(name) && args.length === 0) {
    return { kind: 'interactive', program: name, message: `${name} would wait for input on /dev/null; run a script instead (${name} -c '…' or ${name} FILE)` };
  }
  const last = cmds.at(-1)!;
  const lastName = base(last[0]!);
  if (PAGERS.has(lastName) && (cmds.length > 1 || last.length > 1)) return { kind: 'pager', program: lastName };
  if (PAGERS.has(lastName)) return { kind: 'interactive', program: lastName, message: `${lastName}: nothing to page (give a file, or pipe into it)` };
  return { kind: 'run' };
}
