// The smsh-emulator bin: parse flags, start the emulator, print how to reach it, run until
// SIGINT/SIGTERM, then stop cleanly (every script group SIGKILLed).
import { parseCli, USAGE } from './cli-args.js';
import { startEmulator } from './index.js';

/** Exit codes of the bin. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Runs the bin; resolves with the exit code once stopped. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    process.stderr.write(`smsh-emulator: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  let emu;
  try {
    emu = await startEmulator({ latency: 'none', ...parsed.options });
  } catch (error) {
    process.stderr.write(`smsh-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  const { url, credentials, region } = emu;
  // Printed on purpose: these lines are how a user points any AWS tool at the emulator.
  process.stdout.write(
    `${url}\nexport AWS_ENDPOINT_URL=${url} AWS_ACCESS_KEY_ID=${credentials.accessKeyId} ` +
      `AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} AWS_REGION=${region} AWS_DEFAULT_REGION=${region}\n`,
  );
  process.stderr.write(
    `smsh-emulator: listening on ${url}, region ${region}, state in ${emu.stateDir}\n` +
      emu.instances.map((i) => `  instance ${i.instanceId} ${i.name ?? ''} ${i.platform ?? ''} ${i.pingStatus ?? ''} ${i.state ?? ''}\n`).join('') +
      `  AWS CLI: aws --endpoint-url ${url} ssm describe-instance-information\n` +
      `  Ctrl-C stops it and kills every script it started.\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`smsh-emulator: ${signal}, stopping\n`);
  await emu.stop();
  return EXIT.ok;
}
