import { execFileSync } from 'node:child_process';

// End-to-end tests drive bin/, which loads the esbuild bundle in dist/: build it once.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
