// The environment a script gets: an agent-like one, never the emulator user's secrets. The real
// agent runs under systemd with a small environment and adds its SSM_* / AWS_SSM_* variables.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Variables of the emulator's own environment that a script may see (an allowlist, not a denylist). */
export const PASSED_VARIABLES: readonly string[] = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR'];

/** The agent's own variables for one invocation. */
export interface AgentVariables {
  SSM_COMMAND_ID: string;
  AWS_SSM_INSTANCE_ID: string;
  AWS_SSM_REGION_NAME: string;
  AWS_SSM_PLATFORM_NAME: string;
  AWS_SSM_PLATFORM_VERSION: string;
}

/** Builds a script's environment: the allowlisted variables (plus LC_*) of `base`, then the agent's. */
export function scriptEnvironment(base: NodeJS.ProcessEnv, agent: AgentVariables): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && (PASSED_VARIABLES.includes(name) || /^LC_[A-Z_]+$/.test(name))) env[name] = value;
  }
  return { ...env, ...agent };
}

/** Where `name` resolves on PATH, as Go's exec.LookPath would print it (for the agent's error text). */
export function lookPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return name;
}
