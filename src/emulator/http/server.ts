// The HTTP front: read the request, find service and operation, count it, verify SigV4, draw
// faults and throttling (before anything runs), dispatch to the handler, answer in the
// service's wire format. Also serves the unauthenticated /_smsh/ routes (admin.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CallCounter } from '../calls.js';
import type { EmulatorContext } from '../context.js';
import { describeInstances } from '../ec2/describe-instances.js';
import { AwsError, InvalidAction, UnknownOperationException } from '../errors.js';
import { newRequestId } from '../ids.js';
import type { Faults } from '../realism/faults.js';
import type { Throttle } from '../realism/throttle.js';
import { authError, internalError, throttlingError, type ServiceName } from '../service-errors.js';
import { parseJsonBody } from '../ssm/input.js';
import { SSM_OPERATIONS } from '../ssm/operations.js';
import { getCallerIdentity } from '../sts/get-caller-identity.js';
import { serveAdmin } from './admin.js';
import { identify } from './identify.js';
import { BodyTooLarge, readBody } from './read-body.js';
import { sendEc2, sendError, sendJson, sendSts } from './respond.js';
import { verifySigV4 } from './sigv4-verify.js';

/** Largest request body accepted (SendCommand's own budget is checked by the handler). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** What the server needs. */
export interface ServerDeps {
  ctx: EmulatorContext;
  calls: CallCounter;
  throttle: Throttle;
  faults: Faults;
}

function knows(service: ServiceName, operation: string): boolean {
  if (service === 'ssm') return Object.hasOwn(SSM_OPERATIONS, operation);
  if (service === 'ec2') return operation === 'DescribeInstances';
  return operation === 'GetCallerIdentity';
}

function unknownOperation(service: ServiceName, operation: string | undefined): AwsError {
  return service === 'ssm' ? new UnknownOperationException() : new InvalidAction(operation ?? '(none)');
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const requestId = newRequestId();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge && !res.headersSent) {
      res.writeHead(413, { Connection: 'close' });
      res.end();
    }
    return;
  }
  if (url.pathname.startsWith('/_smsh/')) {
    serveAdmin(req, res, url.pathname, deps);
    return;
  }
  const method = req.method ?? 'GET';
  const target = identify(method, req.headers, url.searchParams, body);
  const { service, operation } = target;
  if (operation) deps.calls.count(operation);
  try {
    const { ctx } = deps;
    const auth = await verifySigV4(
      { method, path: url.pathname, query: url.searchParams, headers: req.headers, body },
      { ...ctx.credentials, region: ctx.region, now: ctx.now },
    );
    if (!auth.ok) throw authError(service, auth.kind, auth.detail);
    if (!operation || !knows(service, operation)) throw unknownOperation(service, operation);
    const fault = deps.faults.decide(operation);
    if (fault === 'drop-connection') {
      req.socket.destroy();
      return;
    }
    if (fault === 'internal-error') throw internalError(service);
    if (fault === 'throttle') throw throttlingError(service);
    if (!deps.throttle.take(operation)) {
      deps.faults.counts.throttled++;
      throw throttlingError(service);
    }
    if (service === 'ssm') {
      const handler = SSM_OPERATIONS[operation];
      if (!handler) throw new UnknownOperationException();
      sendJson(res, handler(ctx, parseJsonBody(body)), requestId);
    } else if (service === 'ec2') {
      sendEc2(res, operation, describeInstances(ctx, target.params), requestId);
    } else {
      sendSts(res, operation, getCallerIdentity(ctx), requestId);
    }
  } catch (error) {
    if (res.headersSent || req.socket.destroyed) return;
    if (error instanceof AwsError) {
      sendError(res, service, error, requestId);
      return;
    }
    process.stderr.write(`smsh-emulator: unexpected error in ${operation ?? 'request'}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    sendError(res, service, internalError(service), requestId);
  }
}

/** Creates the HTTP server (not yet listening). */
export function createEmulatorServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    void handle(req, res, deps);
  });
  server.keepAliveTimeout = 5_000;
  return server;
}
