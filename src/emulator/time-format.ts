// Timestamp formats of the SSM model: epoch seconds for `timestamp` members, ISO strings and
// Java-style ISO durations for GetCommandInvocation's StringDateTime members.

/** Epoch seconds as a float with millisecond precision (awsJson `timestamp`). */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** ISO 8601 with milliseconds and Z, as GetCommandInvocation's ExecutionStartDateTime. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** A duration as java.time.Duration#toString prints it: PT0.091S, PT1M5.2S, PT0S. */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (millis === 0 && out.length > 2) return out;
  const seconds = Math.floor(millis / 1000);
  const fraction = millis % 1000;
  out += fraction === 0 ? `${seconds}S` : `${seconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}S`;
  return out;
}
