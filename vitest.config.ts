import { defineConfig } from 'vitest/config';

// Integration tests start real processes and HTTP servers; give them room, and keep
// files in separate forks so a stuck child cannot wedge another file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
