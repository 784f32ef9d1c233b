// The message for a target that matches several instances: every match on its own line
// (id, Name, IP, state) so the user can pick one by id; smsh never picks silently. Pure.
import type { Candidate } from './candidate.js';

/** Sorts matches by Name, then id, so the list reads the same every time. */
export function sortCandidates(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(
    (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.instanceId.localeCompare(b.instanceId),
  );
}

/** Builds `"web" matches 3 instances:` + one aligned line per match + `choose one by id`. */
export function ambiguousMessage(described: string, candidates: readonly Candidate[]): string {
  const rows = sortCandidates(candidates).map((candidate) => [
    candidate.instanceId,
    candidate.name ?? '-',
    candidate.privateIp ?? candidate.publicIp ?? '-',
    candidate.state ?? candidate.pingStatus ?? '-',
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    `  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ')}`,
  );
  return [`${described} matches ${candidates.length} instances:`, ...lines, 'choose one by id'].join('\n');
}
