/** What the banner says about the target and the caller. */
export interface BannerInfo {
  instanceId: string;
  name?: string | undefined;
  platform?: string | undefined;
  privateIp?: string | undefined;
  agentVersion?: string | undefined;
  /** The caller identity's ARN (STS GetCallerIdentity). */
  identity?: string | undefined;
}

/** The two lines shown when the shell opens. Pure. */
export function formatBanner(b: BannerInfo, color = true): string {
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const facts = [b.platform, b.privateIp, b.agentVersion ? `agent ${b.agentVersion}` : undefined].filter((f): f is string => !!f);
  const head = `${bold(b.name ?? b.instanceId)}${b.name ? ` ${dim(`(${b.instanceId})`)}` : ''}${facts.length ? ` ${dim('·')} ${facts.join(dim(' · '))}` : ''}`;
  const who = dim(`as ${b.identity ?? 'unknown caller'} · over SSM Run Command · Ctrl+D or exit to leave`);
  return `${head}\n${who}\n`;
}
