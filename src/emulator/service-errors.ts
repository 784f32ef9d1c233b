// The same situation has a different AWS error code in each service; these pick the right one.
import {
  AuthFailure,
  IncompleteSignature,
  IncompleteSignatureException,
  InternalError,
  InternalFailure,
  InternalServerError,
  InvalidClientTokenId,
  InvalidSignatureException,
  MissingAuthenticationToken,
  MissingAuthenticationTokenException,
  RequestExpired,
  RequestLimitExceeded,
  SignatureDoesNotMatch,
  Throttling,
  ThrottlingException,
  UnrecognizedClientException,
  type AwsError,
} from './errors.js';

/** The three AWS services the emulator speaks. */
export type ServiceName = 'ssm' | 'ec2' | 'sts';

/** Why SigV4 verification refused a request. */
export type AuthFailureKind = 'missing' | 'incomplete' | 'unknown-key' | 'bad-signature' | 'expired';

/** Throttling error as each service sends it. */
export function throttlingError(service: ServiceName): AwsError {
  if (service === 'ec2') return new RequestLimitExceeded();
  if (service === 'sts') return new Throttling();
  return new ThrottlingException();
}

/** Injected 5xx as each service sends it. */
export function internalError(service: ServiceName): AwsError {
  if (service === 'ec2') return new InternalError();
  if (service === 'sts') return new InternalFailure();
  return new InternalServerError();
}

/** Authentication failure as each service sends it. */
export function authError(service: ServiceName, kind: AuthFailureKind, detail: string): AwsError {
  switch (service) {
    case 'ssm':
      if (kind === 'missing') return new MissingAuthenticationTokenException();
      if (kind === 'incomplete') return new IncompleteSignatureException(detail);
      if (kind === 'unknown-key') return new UnrecognizedClientException();
      return new InvalidSignatureException(detail);
    case 'ec2':
      if (kind === 'missing') return new MissingAuthenticationToken(401);
      if (kind === 'incomplete') return new IncompleteSignature(detail);
      if (kind === 'expired') return new RequestExpired();
      return new AuthFailure();
    case 'sts':
      if (kind === 'missing') return new MissingAuthenticationToken(403);
      if (kind === 'incomplete') return new IncompleteSignature(detail);
      if (kind === 'unknown-key') return new InvalidClientTokenId();
      return new SignatureDoesNotMatch(detail);
  }
}
