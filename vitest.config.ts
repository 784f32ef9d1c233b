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
    // The SDK's Node 20 support warning is noise in test output (bin/smsh.js sets the same).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
