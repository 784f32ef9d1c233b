// Bundles each entry point with esbuild so start-up loads one file, not hundreds of modules.
// Settings follow ../shared/reference/ink-node20-notes.md (Ink needs mainFields and the stub).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const candidates = {
  smsh: 'src/cli/main.ts',
  'smsh-emulator': 'src/emulator/main.ts',
  bench: 'bench/main.ts',
  soak: 'bench/soak.ts',
};
const entryPoints = Object.fromEntries(
  Object.entries(candidates).filter(([, file]) => existsSync(path.join(root, file))),
);

await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  mainFields: ['module', 'main'],
  // seek-bzip calls the deprecated Buffer() constructor; Node warns about that only for code
  // outside node_modules, so it is loaded from there rather than bundled (a dependency, installed).
  external: ['seek-bzip'],
  alias: { 'react-devtools-core': './scripts/react-devtools-stub.mjs' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: "import { createRequire as __smshCreateRequire } from 'node:module'; const require = __smshCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
