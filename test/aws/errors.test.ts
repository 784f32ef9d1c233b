import { describe, expect, it } from 'vitest';
import { oneLine, toSmshError, type AwsErrorContext } from '../../src/aws/errors.js';
import { inspectAwsError } from '../../src/aws/error-shape.js';
import { SmshError, type SmshErrorKind } from '../../src/util/smsh-error.js';
import { connectTimeout, noCredentials, serviceError, systemError } from './aws-errors.js';

const send: AwsErrorContext = { operation: 'ssm:SendCommand', endpoint: 'https://ssm.eu-west-1.amazonaws.com', target: 'i-0123456789abcdef0', region: 'eu-west-1' };

describe('toSmshError', () => {
  const cases: [string, unknown, AwsErrorContext, SmshErrorKind, RegExp][] = [
    ['no credentials anywhere', noCredentials(), send, 'credentials', /^no AWS credentials found: use --profile/],
    [
      'an expired SSO session',
      Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' }),
      send,
      'credentials',
      /^could not load AWS credentials: The SSO session .* has expired/,
    ],
    ['an unknown access key (SSM)', serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'), send, 'credentials', /^AWS rejected the credentials \(UnrecognizedClientException\)/],
    ['an unknown access key (STS)', serviceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), send, 'credentials', /InvalidClientTokenId/],
    ['an unknown access key (EC2)', serviceError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401), send, 'credentials', /AuthFailure/],
    ['a wrong secret key', serviceError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'), send, 'credentials', /^AWS rejected the request signature \(InvalidSignatureException\): the secret key does not match/],
    [
      'a region the service does not know (--region bogus-region-1)',
      serviceError('InvalidSignatureException', "Credential should be scoped to a valid region, not 'bogus-region-1'."),
      { ...send, region: 'bogus-region-1' },
      'config',
      /^AWS refused region bogus-region-1 \(InvalidSignatureException\): the request's credential scope must name a valid region for https:\/\/ssm\.eu-west-1\.amazonaws\.com; check --region or AWS_REGION$/,
    ],
    ['a region AWS names without quoting it', serviceError('SignatureDoesNotMatch', 'Credential should be scoped to a valid region.', 403), { ...send, region: 'xx-nowhere-1' }, 'config', /^AWS refused region xx-nowhere-1 \(SignatureDoesNotMatch\)/],
    ['a wrong secret key (STS)', serviceError('SignatureDoesNotMatch', 'The request signature we calculated does not match', 403), send, 'credentials', /SignatureDoesNotMatch/],
    ['an expired session token', serviceError('ExpiredTokenException', 'The security token included in the request is expired'), send, 'credentials', /^AWS credentials have expired \(ExpiredTokenException\)/],
    ['an expired token (STS spelling)', serviceError('ExpiredToken', 'The security token included in the request is expired', 403), send, 'credentials', /have expired \(ExpiredToken\)/],
    ['a skewed clock', serviceError('InvalidSignatureException', 'Signature expired: 20240101T000000Z is now earlier than …'), send, 'credentials', /check this machine's clock/],
    ['access denied, with the action from the context', serviceError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: ssm:SendCommand on resource'), send, 'remote', /^not allowed to call ssm:SendCommand \(AccessDeniedException\)/],
    ['access denied, with the action from the message', serviceError('AccessDeniedException', 'User: x is not authorized to perform: ssm:GetCommandInvocation'), {}, 'remote', /not allowed to call ssm:GetCommandInvocation/],
    ['EC2 UnauthorizedOperation, with a way around it', serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403), { operation: 'ec2:DescribeInstances', hint: 'or give the instance id' }, 'remote', /^not allowed to call ec2:DescribeInstances \(UnauthorizedOperation\): the IAM identity needs that permission, or give the instance id$/],
    ['throttling after retries', serviceError('ThrottlingException', 'Rate exceeded'), send, 'throttled', /^AWS kept throttling ssm:SendCommand \(ThrottlingException\)/],
    ['EC2 throttling after retries', serviceError('RequestLimitExceeded', 'Request limit exceeded.'), { operation: 'ec2:DescribeInstances' }, 'throttled', /RequestLimitExceeded/],
    ['a refused connection names the endpoint host', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', { address: '127.0.0.1', port: 9 }), { operation: 'ssm:SendCommand', endpoint: 'http://127.0.0.1:9' }, 'network', /^cannot reach the SSM endpoint http:\/\/127\.0\.0\.1:9: connection refused$/],
    ['an unknown host', systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND ssm.nowhere-1.amazonaws.com', { hostname: 'ssm.nowhere-1.amazonaws.com' }), { operation: 'ssm:SendCommand' }, 'network', /^cannot reach the SSM endpoint ssm\.nowhere-1\.amazonaws\.com: host not found$/],
    ['a connect timeout', connectTimeout(), send, 'network', /^cannot reach the SSM endpoint https:\/\/ssm\.eu-west-1\.amazonaws\.com: no answer to the connection attempt$/],
    ['a dropped connection', Object.assign(systemError('ECONNRESET', 'socket hang up'), { name: 'TimeoutError' }), send, 'network', /connection reset/],
    ['a refused connection mid-stream, from the endpoint the error names', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', { address: '127.0.0.1', port: 9 }), { operation: 'ssm:GetCommandInvocation' }, 'network', /^cannot reach the SSM endpoint 127\.0\.0\.1: connection refused$/],
    ['a TLS failure', systemError('CERT_HAS_EXPIRED', 'certificate has expired'), send, 'network', /TLS error CERT_HAS_EXPIRED/],
    ['InvalidInstanceId from SendCommand', serviceError('InvalidInstanceId', 'Instances [[i-0123456789abcdef0]] not in a valid state for account 123456789012'), send, 'target', /^i-0123456789abcdef0 is not a running, Online SSM managed instance in eu-west-1 \(InvalidInstanceId\)$/],
    ['5xx after retries', serviceError('InternalServerError', 'boom', 500, 'server'), send, 'remote', /^ssm:SendCommand failed: AWS kept answering with a server error \(InternalServerError, HTTP 500\)/],
    ['any other AWS error keeps code and message', serviceError('InvalidParameters', 'Parameter "x" is not valid.'), send, 'remote', /^ssm:SendCommand failed: InvalidParameters: Parameter "x" is not valid\.$/],
    ['an error without a message shows only the code', serviceError('InvalidCommandId', ''), { operation: 'ssm:GetCommandInvocation' }, 'remote', /^ssm:GetCommandInvocation failed: InvalidCommandId$/],
    ['an abort is not dressed up as an AWS error', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), send, 'internal', /was cancelled/],
  ];
  it.each(cases)('maps %s', (_title, error, context, kind, message) => {
    const mapped = toSmshError(error, context);
    expect(mapped).toBeInstanceOf(SmshError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.message).toMatch(message);
    expect(mapped.message).not.toContain('\n');
    expect(mapped.cause).toBe(error);
  });

  it('returns an SmshError unchanged', () => {
    const original = new SmshError('target', 'already clear');
    expect(toSmshError(original)).toBe(original);
  });

  it('never echoes the service text of a credentials failure', () => {
    const error = serviceError('SignatureDoesNotMatch', 'The Canonical String for this request should have been POST / ... Credential=AKIAIOSFODNN7EXAMPLE/20240101');
    expect(toSmshError(error, send).message).not.toMatch(/AKIA|Canonical/);
  });

  it('hides access key ids and flattens newlines in echoed service text', () => {
    const error = serviceError('ValidationException', 'bad key AKIAIOSFODNN7EXAMPLE\nsecond line');
    expect(toSmshError(error, send).message).toBe('ssm:SendCommand failed: ValidationException: bad key <key id> second line');
  });
});

describe('oneLine', () => {
  it('cuts long text with an ellipsis', () => {
    expect(oneLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('inspectAwsError', () => {
  it('reads the AWS code out of a namespaced __type name', () => {
    expect(inspectAwsError(serviceError('com.amazon.coral.service#UnrecognizedClientException')).awsCode).toBe('UnrecognizedClientException');
  });

  it('tells a Node system code from an AWS code', () => {
    expect(inspectAwsError(systemError('ECONNREFUSED', 'x'))).toMatchObject({ sysCode: 'ECONNREFUSED', awsCode: undefined });
  });

  it('reads a non-object throw as a message', () => {
    expect(inspectAwsError('boom')).toMatchObject({ message: 'boom', awsCode: undefined });
  });
});
