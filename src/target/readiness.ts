// The one-line reasons a found instance cannot run a command yet: not running, not managed,
// agent offline, Windows. Pure, so every message is pinned by a table test.
import type { InstanceInformation } from '@aws-sdk/client-ssm';
import type { Candidate } from './candidate.js';

/** How an instance is named in messages: its id, plus its Name when known. */
export function labelOf(instanceId: string, name: string | undefined): string {
  return name === undefined || name === '' ? instanceId : `${instanceId} (${name})`;
}

const STATE_PROBLEMS: Readonly<Record<string, string>> = {
  stopped: 'is stopped',
  stopping: 'is stopping',
  pending: 'is still starting (pending): try again in a minute',
  'shutting-down': 'is shutting down',
  terminated: 'is terminated',
};

/** Why an EC2 instance in this state cannot take commands, or undefined when it is running (or unknown). */
export function stateProblem(candidate: Candidate): string | undefined {
  if (candidate.state === undefined || candidate.state === 'running') return undefined;
  const problem = STATE_PROBLEMS[candidate.state] ?? `is ${candidate.state}`;
  return `${labelOf(candidate.instanceId, candidate.name)} ${problem}`;
}

function formatPing(date: Date | undefined): string {
  if (date === undefined || Number.isNaN(date.getTime())) return 'never';
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Why SSM cannot run a shell command on this node now, or undefined when it is managed, Online and not Windows. */
export function managedProblem(
  instanceId: string,
  name: string | undefined,
  info: InstanceInformation | undefined,
  region?: string,
): string | undefined {
  const label = labelOf(instanceId, name);
  if (info === undefined) {
    const where = region === undefined ? '' : ` in ${region}`;
    return `${label} is not managed by SSM${where} (not running, wrong region, or no SSM agent registered)`;
  }
  if (info.PlatformType === 'Windows') return `${label} runs Windows: Windows instances are not supported yet`;
  if (info.PingStatus !== undefined && info.PingStatus !== 'Online') {
    return `${label} SSM agent is offline (${info.PingStatus}, last ping ${formatPing(info.LastPingDateTime)})`;
  }
  return undefined;
}
