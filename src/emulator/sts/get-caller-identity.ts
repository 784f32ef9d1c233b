// STS GetCallerIdentity: the IAM user the emulator's credentials stand for.
import type { EmulatorContext } from '../context.js';
import type { XmlTree } from '../http/xml.js';
import { stableUpper } from '../ids.js';

/** The ARN of the emulator's caller. */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/smsh-local`;
}

/** GetCallerIdentity handler: returns the content of <GetCallerIdentityResult>. */
export function getCallerIdentity(ctx: EmulatorContext): XmlTree {
  return {
    Arn: callerArn(ctx.accountId),
    UserId: `AIDA${stableUpper(`${ctx.accountId}:${ctx.credentials.accessKeyId}`, 17)}`,
    Account: ctx.accountId,
  };
}
