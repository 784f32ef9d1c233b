/** What smsh needs to know about a failed AWS call, read from whatever the SDK or Node threw. */
export interface AwsErrorShape {
  /** The AWS error code (`ThrottlingException`, `InvalidInstanceId`, …), or undefined for non-service errors. */
  readonly awsCode: string | undefined;
  /** A Node system or TLS error code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, …), when there is one. */
  readonly sysCode: string | undefined;
  /** The error's `name` (`TimeoutError`, `AbortError`, `CredentialsProviderError`, …). */
  readonly name: string;
  /** The error's message, possibly multi-line and possibly empty. */
  readonly message: string;
  /** The HTTP status the service answered with, when a response arrived. */
  readonly httpStatus: number | undefined;
  /** `server` or `client` as the SDK decided it, when it did. */
  readonly fault: string | undefined;
  /** The host a system-level network error names (`address` or `hostname`). */
  readonly host: string | undefined;
}

// Names that say "an Error object", not "an AWS error code".
const GENERIC_NAMES = new Set([
  'Error',
  'TypeError',
  'SyntaxError',
  'RangeError',
  'AbortError',
  'TimeoutError',
  'ProviderError',
  'CredentialsProviderError',
  'TokenProviderError',
]);

function stringField(value: object, key: string): string | undefined {
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

// `__type` may arrive as `com.amazon.coral.service#UnrecognizedClientException` or `Code:http://…`.
function stripNamespace(code: string): string {
  const afterHash = code.slice(code.lastIndexOf('#') + 1);
  const colon = afterHash.indexOf(':');
  return colon >= 0 ? afterHash.slice(0, colon) : afterHash;
}

/** Reads an unknown thrown value into one flat shape, so classification and messages never poke at `any`. */
export function inspectAwsError(error: unknown): AwsErrorShape {
  if (typeof error !== 'object' || error === null) {
    return { awsCode: undefined, sysCode: undefined, name: 'Error', message: String(error), httpStatus: undefined, fault: undefined, host: undefined };
  }
  const name = stringField(error, 'name') ?? 'Error';
  const message = stringField(error, 'message') ?? '';
  const metadata = (error as Record<string, unknown>)['$metadata'];
  const status =
    typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)['httpStatusCode'] : undefined;
  const httpStatus = typeof status === 'number' ? status : undefined;
  const fault = stringField(error, '$fault');
  const rawCode = stringField(error, 'code');
  // Node system and TLS errors carry an UPPER_CASE `code`; AWS codes are CamelCase in `name` (and `__type`).
  const sysCode = rawCode !== undefined && /^[A-Z][A-Z0-9_]+$/.test(rawCode) ? rawCode : undefined;
  // The SDK names a service exception after its AWS code; provider and plain errors are not AWS codes.
  let awsCode: string | undefined;
  if (!GENERIC_NAMES.has(name)) awsCode = stripNamespace(name);
  else if (rawCode !== undefined && sysCode === undefined) awsCode = stripNamespace(rawCode);
  const host = stringField(error, 'hostname') ?? stringField(error, 'address');
  return { awsCode, sysCode, name, message, httpStatus, fault, host };
}
