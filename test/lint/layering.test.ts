// `npm run lint` fails on an import that points up the layers (docs/architecture.md). The rule
// runs here through ESLint's Node API on source text given a path inside src/, as it would on a file.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM module of the lint config, without types
import { layeringViolation } from '../../scripts/eslint-layering.mjs';

const eslint = new ESLint({ cwd: path.resolve('.') });

/** The layering messages ESLint gives `code` as if it were the file `file` (relative to the repo). */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layering/imports-point-down').map((m) => m.message);
}

describe('lint: imports point down', () => {
  it.each([
    ['transfer importing cli (the old run-cp.ts)', 'src/transfer/fake.ts', "import { parseCpArgs } from '../cli/cp-args.js';\nexport const x = parseCpArgs;\n", /src\/transfer may not import \.\.\/cli\/cp-args\.js: nothing imports cli\//],
    ['session importing ui', 'src/session/fake.ts', "import { formatPrompt } from '../ui/prompt.js';\nexport const x = formatPrompt;\n", /imports point down .* src\/ui is above src\/session/],
    ['a dynamic import upward', 'src/aws/fake.ts', "export const load = () => import('../session/session.js');\n", /src\/aws may not import \.\.\/session\/session\.js/],
    ['a re-export upward', 'src/util/fake.ts', "export * from '../target/parse-target.js';\n", /src\/util may not import/],
    ['ui importing aws', 'src/ui/fake.ts', "import type { AwsClients } from '../aws/clients.js';\nexport type X = AwsClients;\n", /ui\/ never imports aws\//],
    ['the emulator importing the client', 'src/emulator/ssm/fake.ts', "import { buildRunScript } from '../../remote/run-script.js';\nexport const x = buildRunScript;\n", /the emulator imports nothing of the client but util\//],
    ['the client importing the emulator', 'src/session/fake.ts', "import { startEmulator } from '../emulator/index.js';\nexport const x = startEmulator;\n", /only cli\/ starts the emulator/],
  ])('fails on %s', async (_what, file, code, message) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['a front end importing the engine', 'src/ui/fake.ts', "import type { Session } from '../session/session.js';\nexport type X = Session;\n"],
    ['the engine importing aws and remote', 'src/session/fake.ts', "import { callAws } from '../aws/retry.js';\nimport { buildEndScript } from '../remote/end-script.js';\nexport const x = [callAws, buildEndScript];\n"],
    ['a folder importing itself and util', 'src/target/fake.ts', "import { parseTarget } from './parse-target.js';\nimport { SmshError } from '../util/smsh-error.js';\nexport const x = [parseTarget, SmshError];\n"],
    ['cli starting the emulator for --local', 'src/cli/fake.ts', "export const load = () => import('../emulator/index.js');\n"],
    ['the emulator importing util and itself', 'src/emulator/ssm/fake.ts', "import { SmshError } from '../../util/smsh-error.js';\nimport { buildXml } from '../http/xml.js';\nexport const x = [SmshError, buildXml];\n"],
  ])('allows %s', async (_what, file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('knows every folder of src/', () => {
    expect(layeringViolation('newfolder', 'util')).toMatch(/not in the layering table/);
  });
});
