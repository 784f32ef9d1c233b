// An endpoint that accepts the connection and never answers (a stuck proxy, a wrong port that
// happens to listen) must fail in bounded time with one clear line, and an abort must stop a
// call at once. Before: no response was retried like a dropped connection, 9 × 30 s = 4 min 41 s.
import { GetCommandInvocationCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../src/aws/clients.js';
import { toSmshError } from '../../src/aws/errors.js';
import { createGovernor } from '../../src/aws/governor.js';
import { callAws, classifyAwsError } from '../../src/aws/retry.js';
import { startSilentServer, type SilentServer } from '../helpers/silent-server.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

let silent: SilentServer;
let url: string;
beforeAll(async () => {
  silent = await startSilentServer();
  url = silent.url;
});
afterAll(async () => {
  await silent?.stop();
});

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
const get = new GetCommandInvocationCommand({ CommandId: '11111111-2222-3333-4444-555555555555', InstanceId: 'i-0123456789abcdef0' });

describe('an endpoint that accepts and never answers', () => {
  it('fails after the request timeout and one retry, with one line that says so and names the URL', async () => {
    const clients = createAwsClients({ region: 'us-east-1', endpoints: { ssm: url } }, { credentials, requestTimeout: 300 });
    const before = silent.accepted();
    const started = Date.now();
    const error = await callAws((signal) => clients.ssm.send(get, { abortSignal: signal }), { governor: createGovernor(), minTimeout: 0 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    clients.destroy();
    expect(classifyAwsError(error)).toBe('stalled');
    expect(silent.accepted() - before).toBe(2); // the first try and one retry, not nine
    expect(elapsed).toBeLessThan(10_000); // two 300 ms timeouts; generous for a loaded machine
    const message = toSmshError(error, { operation: 'ssm:GetCommandInvocation', endpoint: url }).message;
    expect(message).toBe(`the SSM endpoint ${url} accepted the connection but sent no response within 0.3 s (is it an SSM endpoint, or a proxy that hangs?)`);
  });

  it('is left at once when the clients are aborted, even by a caller that passed no signal', async () => {
    const abort = new AbortController();
    const clients = createAwsClients({ region: 'us-east-1', endpoints: { ssm: url } }, { credentials, signal: abort.signal });
    const pending = callAws(() => clients.ssm.send(get), { governor: createGovernor(), minTimeout: 0 }).catch((e: unknown) => e);
    setTimeout(() => abort.abort(), 200);
    const started = Date.now();
    const error = await pending;
    clients.destroy();
    expect(classifyAwsError(error)).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s request timeout
  });

  it('has documented defaults: 3 s to connect, 10 s for a response', () => {
    expect([DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS]).toEqual([3_000, 10_000]);
  });
});
