// The differential corpus: scripted sessions kept as data in corpus/*.sh.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shells a session is compared against: bash, and dash for the POSIX path (forcePosix). */
export type Shell = 'bash' | 'dash';

/** One scripted session: the bytes typed (piped), and what may differ from the reference shell. */
export interface Session {
  /** `<file>: <title>`, unique. */
  name: string;
  input: string;
  shells: Shell[];
  /** Documented differences (ids in docs/differences.md) this session shows, per shell. */
  differs: Record<Shell, string[]>;
  /** Also run through the real `node bin/smsh.js --local`, to prove the plumbing. */
  bin: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Reads every corpus file. A session starts with `## <title>`; lines `#: shells bash dash`,
 * `#: differs <id>…` (or `#: differs-bash`, `#: differs-dash`) and `#: bin` right after it
 * describe it; every other line, up to the next `##`, is input, typed as it is.
 */
export function loadCorpus(dir = path.join(here, 'corpus')): Session[] {
  const sessions: Session[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sh')).sort()) {
    let current: Session | undefined;
    let header = true;
    const finish = () => {
      if (!current) return;
      current.input = `${current.input.replace(/\n+$/, '')}\n`;
      sessions.push(current);
    };
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.startsWith('## ')) {
        finish();
        current = { name: `${file.replace(/\.sh$/, '')}: ${line.slice(3).trim()}`, input: '', shells: ['bash'], differs: { bash: [], dash: [] }, bin: false };
        header = true;
        continue;
      }
      if (!current) continue;
      const meta = header ? /^#: (\S+)(.*)$/.exec(line) : null;
      if (meta) {
        const words = meta[2]!.trim().split(/\s+/).filter(Boolean);
        if (meta[1] === 'shells') current.shells = words as Shell[];
        else if (meta[1] === 'differs') for (const s of ['bash', 'dash'] as const) current.differs[s].push(...words);
        else if (meta[1] === 'differs-bash' || meta[1] === 'differs-dash') current.differs[meta[1].slice(8) as Shell].push(...words);
        else if (meta[1] === 'bin') current.bin = true;
        else throw new Error(`${file}: unknown corpus directive ${line}`);
        continue;
      }
      header = false;
      current.input += `${line}\n`;
    }
    finish();
  }
  const names = new Set<string>();
  for (const s of sessions) {
    if (names.has(s.name)) throw new Error(`two corpus sessions are named ${s.name}`);
    names.add(s.name);
  }
  return sessions;
}
