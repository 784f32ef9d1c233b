#!/usr/bin/env node
// Thin shim: the bundled emulator does the work (see src/emulator/main.ts).
const { main } = await import('../dist/smsh-emulator.js');
process.exitCode = await main(process.argv.slice(2));
