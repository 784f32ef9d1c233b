// SDK-shaped errors for table tests, built the way @aws-sdk v3 and Node actually throw them.

/** A service exception: the SDK names it after the AWS code and attaches $metadata. */
export function serviceError(code: string, message = '', httpStatusCode = 400, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(message), { name: code, $fault: fault, $metadata: { httpStatusCode } });
}

/** A Node system error from the HTTP handler (ECONNREFUSED and friends). */
export function systemError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 1, totalRetryDelay: 0 }, ...extra });
}

/** The SDK's connection timeout error. */
export function connectTimeout(): Error {
  return Object.assign(
    new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.'),
    { name: 'TimeoutError' },
  );
}

/** What the credential chain throws when nothing is configured. */
export function noCredentials(): Error {
  return Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });
}
