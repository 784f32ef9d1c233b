// `npm run soak [-- --seconds N]`: random outputs and interrupts under injected throttling (20 %),
// HTTP 500s (5 %) and dropped connections (2 %), every byte compared; exits 1 on any mismatch or
// surviving process. Loopback only, bounded in time.
import { runSoak } from './soak-run.js';

// The SDK warns about Node 20 on stderr when a client is built; the soak's report is the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
const at = argv.indexOf('--seconds');
const seconds = at >= 0 ? Number(argv[at + 1]) : 120;
const fat = argv.indexOf('--foreign');
const foreignDocuments = fat >= 0 ? Number(argv[fat + 1]) : 0;
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(foreignDocuments) || foreignDocuments < 0) {
  process.stderr.write('usage: npm run soak -- [--seconds N] [--foreign N]   (N foreign documents kept in the agent pool)\n');
  process.exit(2);
}
const r = await runSoak({ seconds, foreignDocuments, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(
  [
    `soak: ${r.seconds.toFixed(0)} s`,
    `runs                 ${r.runs}`,
    `interrupts           ${r.interrupts}`,
    `bytes compared       ${r.bytesCompared}`,
    `faults injected      ${r.faults.throttled} throttled, ${r.faults.internalErrors} HTTP 500, ${r.faults.droppedConnections} dropped connections`,
    `foreign documents    ${r.foreign.sent} sent, ${r.foreign.failed} did not succeed`,
    `mismatches           ${r.mismatches.length}`,
    `surviving processes  ${r.survivors.length}`,
    ...r.mismatches.map((m) => `  mismatch: ${m}`),
    ...r.survivors.map((s) => `  survivor: ${s}`),
    '',
  ].join('\n'),
);
process.exitCode = r.mismatches.length === 0 && r.survivors.length === 0 && r.runs > 0 ? 0 : 1;
