// Process-group helpers: SIGKILL a whole group like the agent, and look at who is left (Linux /proc).
import { readdirSync, readFileSync } from 'node:fs';

/** SIGKILLs every process of group `pgid`; false when the group no longer exists. */
export function killGroup(pgid: number): boolean {
  try {
    process.kill(-pgid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
  startTime: string;
}

function readStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), state: rest[0] ?? '', pgrp: Number(rest[2]), startTime: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Start time of a process (clock ticks since boot), to recognise it later; undefined without /proc. */
export function processStartTime(pid: number): string | undefined {
  return readStat(pid)?.startTime;
}

/** Pids of live (non-zombie) processes in group `pgid`; undefined where /proc is unavailable. */
export function liveGroupMembers(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat.pid);
  }
  return members;
}

/**
 * True when group `pgid` may still be the one we created: its leader is gone, or is the same
 * process (same start time). Guards stop() against killing a reused process-group id.
 */
export function groupStillOurs(pgid: number, leaderStartTime: string | undefined): boolean {
  const leader = readStat(pgid);
  if (!leader) return true;
  return leaderStartTime === undefined || leader.startTime === leaderStartTime;
}

/** Resolves once none of `pgids` has a live process (or after `timeoutMs`): SIGKILL is not instant. */
export async function waitGroupsGone(pgids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = pgids;
  while (left.length > 0 && Date.now() < deadline) {
    left = left.filter((pgid) => (liveGroupMembers(pgid) ?? []).length > 0);
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
