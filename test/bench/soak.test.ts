import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak-run.js';

// The short soak CI runs: the same random outputs and interrupts as `npm run soak`, for a few
// seconds, under 20 % throttling, 5 % HTTP 500s and 2 % dropped connections.
describe('the short soak', () => {
  it('loses, duplicates or leaves running nothing under injected faults', async () => {
    const r = await runSoak({ seconds: 15, maxOutputBytes: 60_000 });
    expect(r.mismatches).toEqual([]);
    expect(r.survivors).toEqual([]);
    expect(r.runs).toBeGreaterThan(2);
    expect(r.interrupts).toBeGreaterThan(0);
    expect(r.faults.throttled + r.faults.internalErrors + r.faults.droppedConnections).toBeGreaterThan(0);
  }, 180_000);

  it("loses, duplicates or leaves running nothing while the agent's pool is full of foreign work, and the foreign work all succeeds", async () => {
    const r = await runSoak({ seconds: 15, maxOutputBytes: 60_000, foreignDocuments: 6, throttleRate: 0.05, internalErrorRate: 0.02, dropConnectionRate: 0.01 });
    expect(r.mismatches).toEqual([]);
    expect(r.survivors).toEqual([]);
    expect(r.runs + r.interrupts).toBeGreaterThan(1);
    expect(r.foreign.sent).toBeGreaterThan(6);
    expect(r.foreign.failed).toBe(0);
  }, 240_000);
});
