// The lint rule that keeps src/'s imports pointing down (docs/architecture.md): each folder has a
// tier, and a module may import its own folder, its own tier, and tiers below it. On top of the
// tiers: nothing imports cli/ (the entry point); only cli/ imports the emulator (for --local), and
// the emulator imports nothing of the client but util/ (so it can prove the client wrong); ui/
// never imports aws/ (front ends reach AWS through the engine). Static imports, re-exports and
// dynamic import() with a literal path are all checked.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'src');

/** Folders of src/, from the front ends (tier 0) down to the leaves. */
export const TIERS = {
  cli: 0,
  ui: 0,
  oneshot: 0,
  shell: 1,
  session: 1,
  edit: 1,
  transfer: 1,
  remote: 2,
  aws: 2,
  target: 2,
  util: 3,
  emulator: 4,
  types: 4,
};

const DESCRIPTION = 'front ends (cli, ui, oneshot) -> shell, session, edit, transfer -> remote, aws, target -> util';

/** Why `from` may not import `to` (two folders of src/), or null when it may. */
export function layeringViolation(from, to) {
  if (from === to) return null;
  if (TIERS[from] === undefined) return `src/${from} is not in the layering table (scripts/eslint-layering.mjs): give it a tier`;
  if (TIERS[to] === undefined) return `src/${to} is not in the layering table (scripts/eslint-layering.mjs): give it a tier`;
  if (from === 'emulator') return to === 'util' ? null : 'the emulator imports nothing of the client but util/, so it can prove the client wrong';
  if (to === 'emulator') return from === 'cli' ? null : 'only cli/ starts the emulator (--local)';
  if (to === 'cli') return 'nothing imports cli/: it is the entry point';
  if (from === 'ui' && to === 'aws') return 'ui/ never imports aws/: front ends reach AWS through the engine';
  if (TIERS[to] < TIERS[from]) return `imports point down (${DESCRIPTION}), and src/${to} is above src/${from}`;
  return null;
}

// The folder of src/ a path lies in, or undefined outside src/.
function srcFolder(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** The ESLint plugin: `layering/imports-point-down`. */
export const layering = {
  rules: {
    'imports-point-down': {
      meta: { type: 'problem', docs: { description: 'imports between folders of src/ point down the layers' }, schema: [] },
      create(context) {
        const filename = context.filename;
        const srcRoot = SRC;
        const from = srcFolder(filename, srcRoot);
        if (from === undefined) return {};
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const to = srcFolder(path.resolve(path.dirname(filename), source), srcRoot);
          if (to === undefined) return;
          const why = layeringViolation(from, to);
          if (why !== null) context.report({ node, message: `src/${from} may not import ${source}: ${why}` });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
