// The unauthenticated /_smsh/ routes for tests and benchmarks: counts and pool occupancy only,
// nothing that could run or reveal a command.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallCounter } from '../calls.js';
import type { EmulatorContext } from '../context.js';
import type { Faults } from '../realism/faults.js';

/** What the admin routes read. */
export interface AdminDeps {
  ctx: EmulatorContext;
  calls: CallCounter;
  faults: Faults;
}

/**
 * GET /_smsh/calls → {calls, faults, pool}; POST /_smsh/calls/reset (call counts and pool peaks);
 * GET /_smsh/pool/log → {log}. Anything else: 404.
 */
export function serveAdmin(req: IncomingMessage, res: ServerResponse, pathname: string, deps: AdminDeps): void {
  const json = (status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const { agent } = deps.ctx;
  if (pathname === '/_smsh/calls' && req.method === 'GET') {
    json(200, { calls: deps.calls.snapshot(), faults: { ...deps.faults.counts }, pool: agent.poolStats() });
  } else if (pathname === '/_smsh/calls/reset' && req.method === 'POST') {
    deps.calls.reset();
    agent.resetPeaks();
    json(200, { calls: {} });
  } else if (pathname === '/_smsh/pool/log' && req.method === 'GET') {
    json(200, { log: agent.workerLog() });
  } else {
    json(404, { message: `no route ${req.method ?? ''} ${pathname}` });
  }
}
