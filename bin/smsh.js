#!/usr/bin/env node
// Thin shim: the bundled CLI does the work (see src/cli/main.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/smsh.js');
process.exitCode = await main(process.argv.slice(2));
