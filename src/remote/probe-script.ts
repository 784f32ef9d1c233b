import { decodeWord, type Frame } from './frame.js';
import { ENSURE_SESSION } from './spool.js';

/** The agent's default number of command workers (amazon-ssm-agent `appconfig.DefaultCommandWorkersLimit`). */
export const DEFAULT_AGENT_WORKERS = 5;

/** Where the agent reads its settings; `Mds.CommandWorkersLimit` there overrides the default of 5. */
const AGENT_CONFIG = '/etc/amazon/ssm/amazon-ssm-agent.json';

/**
 * The prefix of a session's first script: creates the spool, defines `smsh_sweep` (removes
 * sessions a dead client left, lease older than `gcMinutes` and nothing running, and old
 * tombstones; the run script starts it in the background once the line runs), and prints a `probe`
 * frame with what the session needs to know once: the agent's user and uid, the host, the home,
 * the helpers present, the encoding the instance decodes, and the agent's worker limit when its
 * configuration sets one.
 */
export function buildProbePrefix(gcMinutes: number): string {
  return `${ENSURE_SESSION}
smsh_sweep() {
  for d in $(find "$SMSH_B" -mindepth 2 -maxdepth 2 -name lease -mmin +${gcMinutes} 2>/dev/null); do
    d=\${d%/lease}; busy=
    for p in "$d"/*/kpid; do [ -f "$p" ] && [ ! -s "\${p%kpid}rc" ] && kill -0 "$(cat "$p")" 2>/dev/null && busy=1; done
    [ -z "$busy" ] && rm -rf "$d"
  done
  find "$SMSH_B" -maxdepth 1 \\( -name '.*.done' -o -name '.*.hup' \\) -mmin +60 -exec rm -f {} + 2>/dev/null
}
true 2>/dev/null >"$S/lease"
echo "SMSH1 probe"
SMSH_ME=$(id -un); [ -n "$SMSH_ME" ] && printf '%s\\n' "$SMSH_ME" 2>/dev/null >"$S/me"
h=; read -r h 2>/dev/null </proc/sys/kernel/hostname || h=$(uname -n)
echo "user $SMSH_ME"; echo "uid $SMSH_UID"; echo "host $h"
echo "home $(smsh_str "\${HOME:-$(awk -F: -v u="$SMSH_ME" '$1 == u { print $6 }' /etc/passwd)}")"
h=; for x in bash base64 gzip setsid runuser su sudo; do command -v $x >/dev/null 2>&1 && h="$h $x"; done
echo "helpers$h"; echo "enc $SMSH_ENC"
if [ -r ${AGENT_CONFIG} ]; then w=$(sed -n 's/.*"CommandWorkersLimit"[^0-9]*\\([0-9][0-9]*\\).*/\\1/p' ${AGENT_CONFIG} | head -n 1); [ -n "$w" ] && echo "workers $w"; fi
echo END`;
}

/** Runs the sweep of stale sessions in the background, off the line's path: after the line started. */
export const SWEEP_IN_BACKGROUND = 'smsh_sweep </dev/null >/dev/null 2>&1 &';

/** What the probe frame says about the instance. */
export interface ProbeFacts {
  /** The agent's user (`id -un`): root on EC2. */
  user: string;
  host: string;
  home: string;
  helpers: string[];
  /** What the instance decodes for uploads: gz64, b64 or hex. */
  encoding: 'gz64' | 'b64' | 'hex';
  /** The agent's command workers: its configuration's `CommandWorkersLimit`, else 5. */
  workers: number;
}

/** Reads a `probe` frame. */
export function readProbe(frame: Frame): ProbeFacts {
  const v = frame.values;
  const enc = v.get('enc');
  const workers = Number(v.get('workers'));
  const home = v.get('home');
  return {
    user: v.get('user') ?? '',
    host: v.get('host') ?? '',
    home: home ? decodeWord(home).toString() : '',
    helpers: (v.get('helpers') ?? '').split(' ').filter(Boolean),
    encoding: enc === 'hex' || enc === 'b64' ? enc : 'gz64',
    workers: Number.isInteger(workers) && workers > 0 ? workers : DEFAULT_AGENT_WORKERS,
  };
}
