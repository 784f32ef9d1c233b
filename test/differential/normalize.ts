// What is allowed to differ between any two runs of the same session, whoever runs it.
import type { Outcome } from './reference.js';

/**
 * Makes two runs comparable: the work directory and home are named, not spelled; job numbers
 * and process ids (`[1] 12345`) are masked; dash's line numbers in messages (`sh: 12: x: not
 * found`: the reference counts the session's lines, smsh each command's) are masked.
 */
export function normalize(o: Outcome, places: { workDir: string; home: string }): Outcome {
  const text = (s: string) =>
    s
      .split(places.workDir).join('<WD>')
      .split(places.home).join('<HOME>')
      .replace(/^\[\d+\]\+? +\d+$/gm, '[N] <PID>')
      .replace(/^sh: \d+: /gm, 'sh: N: ');
  return { stdout: text(o.stdout), stderr: text(o.stderr), code: o.code };
}
