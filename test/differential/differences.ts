// The documented differences: docs/differences.md is the list, one `### <id>: <title>` each.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const doc = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'differences.md');

/** The ids docs/differences.md lists, each with its reason: a session may only differ by these. */
export function documentedDifferences(text = readFileSync(doc, 'utf8')): Map<string, string> {
  const ids = new Map<string, string>();
  const sections = text.split(/^### /m).slice(1);
  for (const section of sections) {
    const m = /^([a-z0-9-]+): (.*)\n([\s\S]*)$/.exec(section);
    if (!m) throw new Error(`docs/differences.md: a heading is not "### <id>: <title>": ${section.split('\n')[0]}`);
    if (!/\*\*Why\*\*/.test(m[3]!)) throw new Error(`docs/differences.md: ${m[1]} gives no **Why**`);
    ids.set(m[1]!, m[2]!);
  }
  return ids;
}
