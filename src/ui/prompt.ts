/** What the prompt shows. */
export interface PromptPlace {
  user: string;
  /** The Name tag, or the instance id when there is none. */
  name: string;
  cwd: string;
  home: string;
}

/** `[user@name dir]#` like the original smsh: `$` for non-root, `~` for home, the basename otherwise. Pure. */
export function formatPrompt(p: PromptPlace): string {
  let dir: string;
  if (p.cwd === '' || p.cwd === '/') dir = p.cwd || '/';
  else if (p.home !== '' && p.cwd === p.home) dir = '~';
  else dir = p.cwd.replace(/\/+$/, '').split('/').pop() || '/';
  return `[${p.user}@${p.name} ${dir}]${p.user === 'root' ? '#' : '$'} `;
}
