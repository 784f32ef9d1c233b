import { Sha256 } from '@aws-crypto/sha256-js';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, clientConfig, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';


describe('SigV4 verification', () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await withEmulator({ maxAttempts: 1 });
  });
  afterAll(() => h.stop());

  function clients(credentials: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) {
    const config = { ...clientConfig(h.emu, 1), credentials, ...extra };
    return { ssm: new SSMClient(config), ec2: new EC2Client(config), sts: new STSClient(config) };
  }

  /** A signed SSM request sent with fetch, so tests can alter what the SDK would not. */
  async function rawSsm(options: { date?: Date; region?: string; body?: string; sentBody?: string; authorization?: string | null } = {}) {
    const url = new URL(h.emu.url);
    const body = options.body ?? '{}';
    const request = {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.DescribeInstanceInformation',
      } as Record<string, string>,
      body,
    };
    const signer = new SignatureV4({ credentials: h.emu.credentials, region: options.region ?? h.emu.region, service: 'ssm', sha256: Sha256 });
    const signed = await signer.sign(request, { signingDate: options.date ?? new Date() });
    const headers: Record<string, string> = { ...(signed.headers as Record<string, string>) };
    delete headers.host;
    if (options.authorization === null) delete headers.authorization;
    else if (options.authorization !== undefined) headers.authorization = options.authorization;
    const res = await fetch(h.emu.url, { method: 'POST', headers, body: options.sentBody ?? body });
    return { status: res.status, body: (await res.json()) as { __type?: string; message?: string }, requestId: res.headers.get('x-amzn-requestid') };
  }

  it('accepts requests signed by the SDK with the configured credentials', async () => {
    const out = await h.ssm.send(new DescribeInstanceInformationCommand({}));
    expect(out.InstanceInformationList?.length).toBe(1);
  });

  it('rejects a wrong secret: InvalidSignatureException, AuthFailure, SignatureDoesNotMatch', async () => {
    const c = clients({ accessKeyId: h.emu.credentials.accessKeyId, secretAccessKey: 'wrong-secret' });
    expect(await errorOf(c.ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    expect(await errorOf(c.ec2.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'AuthFailure', status: 401 });
    expect(await errorOf(c.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('rejects an unknown access key: UnrecognizedClientException, AuthFailure, InvalidClientTokenId', async () => {
    const c = clients({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: h.emu.credentials.secretAccessKey });
    expect(await errorOf(c.ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    expect(await errorOf(c.ec2.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'AuthFailure' });
    expect(await errorOf(c.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  });

  it('rejects a request without Authorization with MissingAuthenticationTokenException', async () => {
    const res = await rawSsm({ authorization: null });
    expect(res).toMatchObject({ status: 400, body: { __type: 'MissingAuthenticationTokenException' } });
    expect(res.requestId).toBeTruthy();
  });

  it('rejects a malformed Authorization header with IncompleteSignatureException', async () => {
    expect((await rawSsm({ authorization: 'AWS4-HMAC-SHA256 garbage' })).body.__type).toBe('IncompleteSignatureException');
  });

  it('rejects a signature over another body', async () => {
    const res = await rawSsm({ body: '{}', sentBody: '{"MaxResults":5}' });
    expect(res).toMatchObject({ status: 400, body: { __type: 'InvalidSignatureException' } });
  });

  it('rejects a signature scoped to another region', async () => {
    const res = await rawSsm({ region: 'eu-west-1' });
    expect(res.body).toMatchObject({ __type: 'InvalidSignatureException' });
    expect(res.body.message).toContain("not 'eu-west-1'");
  });

  it('rejects an X-Amz-Date more than 15 minutes off, either way', async () => {
    const old = await rawSsm({ date: new Date(Date.now() - 16 * 60_000) });
    expect(old.body.__type).toBe('InvalidSignatureException');
    expect(old.body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await rawSsm({ date: new Date(Date.now() + 16 * 60_000) });
    expect(future.body.message).toMatch(/^Signature not yet current/);
    expect((await rawSsm({ date: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
  });

  it('lets the SDK correct a skewed clock from the Date header once retries are on', async () => {
    const skewed = { ...clientConfig(h.emu), systemClockOffset: -30 * 60_000 };
    const off = new SSMClient({ ...skewed, maxAttempts: 1 });
    expect(await errorOf(off.send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'InvalidSignatureException' });
    const retrying = new SSMClient({ ...skewed, maxAttempts: 3 });
    const out = await retrying.send(new DescribeInstanceInformationCommand({}));
    expect(out.$metadata.attempts).toBe(2);
  });

  it('rejects EC2 requests with an expired date as RequestExpired', async () => {
    const ec2 = new EC2Client({ ...clientConfig(h.emu, 1), systemClockOffset: -30 * 60_000 });
    expect(await errorOf(ec2.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'RequestExpired' });
  });
});
