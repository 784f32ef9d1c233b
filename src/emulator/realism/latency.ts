// Delivery and report delays of an invocation, drawn per invocation with uniform jitter.
import { latencySettings, type LatencyProfile } from '../options.js';

/** Draws delays from a latency profile. */
export class Latency {
  private profile: LatencyProfile;

  constructor(profile: LatencyProfile) {
    this.profile = profile;
  }

  /** Replaces the profile (configure()). */
  set(profile: LatencyProfile): void {
    this.profile = profile;
  }

  /** Milliseconds from SendCommand (or CancelCommand) until the instance acts on it. */
  delivery(): number {
    const s = latencySettings(this.profile);
    return jittered(s.deliveryMs, s.deliveryJitterMs);
  }

  /** Milliseconds from the script's end until its final status is visible. */
  report(): number {
    const s = latencySettings(this.profile);
    return jittered(s.reportMs, s.reportJitterMs);
  }
}

function jittered(base: number, jitter: number): number {
  if (base <= 0 && jitter <= 0) return 0;
  return Math.max(0, Math.round(base + (Math.random() * 2 - 1) * jitter));
}
