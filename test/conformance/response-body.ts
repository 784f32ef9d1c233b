import { isRecord, loadServiceModel, operation, shapeOf, validateOutput, validateValue, type Issue, type ServiceModel, type ServiceName } from './service-model.js';
import { decodeXmlOutput, noOtherChildren, onlyChild, parseXml, type XmlElement } from './xml-body.js';

// Validates a whole raw HTTP response (status, the headers clients read, body bytes) for one
// operation: the success body against the output shape, an error body against the protocol's
// error envelope and the operation's declared errors plus the common AWS errors.

/** The raw bytes a server sent, as a test captured them. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The outcome: decoded value or error code, and every conformance issue found. */
export interface Verdict {
  value?: unknown;
  error?: { code: string; message?: string };
  issues: Issue[];
}

/** Errors every awsJson1_1 service may answer (AWS "Common Errors" plus the JSON-protocol auth errors). */
export const COMMON_JSON_ERRORS = new Set([
  'AccessDeniedException', 'IncompleteSignature', 'InternalFailure', 'InternalServerError', 'InvalidAction',
  'InvalidClientTokenId', 'InvalidParameterCombination', 'InvalidParameterValue', 'InvalidQueryParameter',
  'MalformedQueryString', 'MissingAction', 'MissingAuthenticationToken', 'MissingParameter', 'NotAuthorized',
  'OptInRequired', 'RequestExpired', 'ServiceUnavailable', 'ThrottlingException', 'ValidationError',
  'ValidationException', 'UnrecognizedClientException', 'InvalidSignatureException', 'SerializationException',
  'UnknownOperationException', 'ExpiredTokenException', 'MissingAuthenticationTokenException', 'IncompleteSignatureException',
]);

/** EC2's documented common client codes, DescribeInstances' own codes, and the server codes. */
export const EC2_ERRORS = new Set([
  'AuthFailure', 'Blocked', 'DryRunOperation', 'IdempotentParameterMismatch', 'IncompleteSignature', 'InvalidAction',
  'InvalidCharacter', 'InvalidClientTokenId', 'InvalidPaginationToken', 'InvalidParameter', 'InvalidParameterCombination',
  'InvalidParameterDependency', 'InvalidParameterValue', 'InvalidQueryParameter', 'MalformedQueryString', 'MissingAction',
  'MissingAuthenticationToken', 'MissingParameter', 'OptInRequired', 'PendingVerification', 'RequestExpired',
  'UnauthorizedOperation', 'UnknownParameter', 'UnsupportedInstanceAttribute', 'UnsupportedOperation', 'UnsupportedProtocol',
  'ValidationError', 'InvalidInstanceID.Malformed', 'InvalidInstanceID.NotFound',
  'InternalError', 'InsufficientInstanceCapacity', 'RequestLimitExceeded', 'ServiceUnavailable', 'Unavailable',
]);

/** STS's common query-protocol errors. */
export const COMMON_QUERY_ERRORS = new Set([
  'AccessDenied', 'ExpiredToken', 'IncompleteSignature', 'InternalFailure', 'InvalidAction', 'InvalidClientTokenId',
  'InvalidParameterCombination', 'InvalidParameterValue', 'MalformedQueryString', 'MissingAction',
  'MissingAuthenticationToken', 'MissingParameter', 'NotAuthorized', 'OptInRequired', 'RequestExpired',
  'ServiceUnavailable', 'SignatureDoesNotMatch', 'Throttling', 'ValidationError',
]);

const SERVER_CODES = new Set(['InternalServerError', 'InternalFailure', 'InternalError', 'ServiceUnavailable', 'Unavailable', 'InsufficientInstanceCapacity']);

/** The error codes an operation may answer: its declared error shapes plus the protocol's common ones. */
export function allowedErrorCodes(model: ServiceModel, opName: string): Set<string> {
  const declared = (operation(model, opName).errors ?? []).map((ref) => shapeOf(model, ref).error?.code ?? ref.shape);
  const common = model.metadata.protocol === 'json' ? COMMON_JSON_ERRORS : model.metadata.protocol === 'ec2' ? EC2_ERRORS : COMMON_QUERY_ERRORS;
  return new Set([...declared, ...common]);
}

/** Validates one raw response of `opName` on `service`. */
export function validateResponse(service: ServiceName, opName: string, res: RawResponse): Verdict {
  const model = loadServiceModel(service);
  const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return model.metadata.protocol === 'json' ? validateJson(model, opName, res.status, headers, res.body) : validateXml(model, opName, res.status, headers, res.body);
}

function validateJson(model: ServiceModel, opName: string, status: number, headers: Record<string, string>, body: string): Verdict {
  const issues: Issue[] = [];
  if (headers['content-type'] !== 'application/x-amz-json-1.1') issues.push({ path: 'header content-type', message: `is ${JSON.stringify(headers['content-type'] ?? null)}, expected "application/x-amz-json-1.1"` });
  if (!headers['x-amzn-requestid']) issues.push({ path: 'header x-amzn-RequestId', message: 'missing' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    issues.push({ path: '$', message: `body is not JSON: ${JSON.stringify(body.slice(0, 80))}` });
    return { issues };
  }
  if (status === 200) {
    issues.push(...validateOutput(model, opName, parsed));
    return { value: parsed, issues };
  }
  if (!isRecord(parsed) || typeof parsed['__type'] !== 'string') {
    issues.push({ path: '$.__type', message: `error body without a string __type (HTTP ${status})` });
    return { issues };
  }
  // botocore: drop a "prefix#" and a ":suffix" from __type.
  const code = (parsed['__type'].split('#').pop() ?? '').split(':')[0] ?? '';
  const rawMessage = parsed['message'] ?? parsed['Message'];
  if (rawMessage !== undefined && typeof rawMessage !== 'string') issues.push({ path: '$.message', message: 'must be a string' });
  const message = typeof rawMessage === 'string' ? rawMessage : undefined;
  checkCode(model, opName, code, status, issues);
  if (status !== (SERVER_CODES.has(code) ? 500 : 400) && !(code === 'ServiceUnavailable' && status === 503)) {
    issues.push({ path: 'status', message: `HTTP ${status} for ${code}, expected ${SERVER_CODES.has(code) ? 500 : 400}` });
  }
  const ref = (operation(model, opName).errors ?? []).find((e) => (shapeOf(model, e).error?.code ?? e.shape) === code);
  const members = ref ? (shapeOf(model, ref).members ?? {}) : {};
  for (const [key, v] of Object.entries(parsed)) {
    if (key === '__type' || key === 'message' || key === 'Message') continue;
    const member = members[key];
    if (!member) issues.push({ path: `$.${key}`, message: `unknown member of error ${code}` });
    else validateValue(model, member, v, `$.${key}`, issues);
  }
  return { error: { code, ...(message !== undefined ? { message } : {}) }, issues };
}

function validateXml(model: ServiceModel, opName: string, status: number, headers: Record<string, string>, body: string): Verdict {
  const issues: Issue[] = [];
  if (!(headers['content-type'] ?? '').startsWith('text/xml')) issues.push({ path: 'header content-type', message: `is ${JSON.stringify(headers['content-type'] ?? null)}, expected text/xml` });
  if (status === 200) {
    const decoded = decodeXmlOutput(model, opName, body);
    issues.push(...decoded.issues);
    if (decoded.value !== undefined) issues.push(...validateOutput(model, opName, decoded.value));
    return { value: decoded.value, issues };
  }
  const parsed = parseXml(body);
  issues.push(...parsed.issues);
  const root = parsed.root;
  if (!root) return { issues };
  let code = '';
  let message: string | undefined;
  if (model.metadata.protocol === 'ec2') {
    // <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
    if (root.name !== 'Response') issues.push({ path: '$', message: `root element is <${root.name}>, expected <Response>` });
    noOtherChildren(root, ['Errors', 'RequestID'], '$', issues);
    const rid = onlyChild(root, 'RequestID', '$', issues);
    if (rid && rid.text === '') issues.push({ path: '$.RequestID', message: 'empty' });
    const errors = onlyChild(root, 'Errors', '$', issues);
    if (errors) {
      noOtherChildren(errors, ['Error'], '$.Errors', issues);
      const error = onlyChild(errors, 'Error', '$.Errors', issues);
      if (error) ({ code, message } = readCodeAndMessage(error, '$.Errors.Error', ['Code', 'Message'], issues));
    }
  } else {
    // <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
    if (root.name !== 'ErrorResponse') issues.push({ path: '$', message: `root element is <${root.name}>, expected <ErrorResponse>` });
    noOtherChildren(root, ['Error', 'RequestId'], '$', issues);
    const rid = onlyChild(root, 'RequestId', '$', issues);
    if (rid && rid.text === '') issues.push({ path: '$.RequestId', message: 'empty' });
    const error = onlyChild(root, 'Error', '$', issues);
    if (error) {
      ({ code, message } = readCodeAndMessage(error, '$.Error', ['Type', 'Code', 'Message', 'Detail'], issues));
      const type = onlyChild(error, 'Type', '$.Error', issues)?.text;
      const expected = status >= 500 ? 'Receiver' : 'Sender';
      if (type !== undefined && type !== expected) issues.push({ path: '$.Error.Type', message: `is ${JSON.stringify(type)}, expected ${expected} for HTTP ${status}` });
    }
  }
  checkCode(model, opName, code, status, issues);
  const serverSide = SERVER_CODES.has(code);
  if (code !== 'RequestLimitExceeded' && (serverSide ? status < 500 : status < 400 || status >= 500)) {
    issues.push({ path: 'status', message: `HTTP ${status} for ${code}, expected ${serverSide ? '5xx' : '4xx'}` });
  }
  return { error: { code, ...(message !== undefined ? { message } : {}) }, issues };
}

function readCodeAndMessage(error: XmlElement, path: string, allowed: string[], issues: Issue[]): { code: string; message?: string } {
  noOtherChildren(error, allowed, path, issues);
  const code = onlyChild(error, 'Code', path, issues)?.text ?? '';
  const message = error.children.find((c) => c.name === 'Message')?.text;
  return { code, ...(message !== undefined ? { message } : {}) };
}

function checkCode(model: ServiceModel, opName: string, code: string, status: number, issues: Issue[]): void {
  if (code === '') {
    issues.push({ path: 'error code', message: `empty error code (HTTP ${status})` });
    return;
  }
  if (!allowedErrorCodes(model, opName).has(code)) {
    issues.push({ path: 'error code', message: `${code} is neither declared for ${opName} nor a common ${model.metadata.endpointPrefix.toUpperCase()} error` });
  }
}
