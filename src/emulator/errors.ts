// AWS errors the emulator answers with: one class per AWS error code, rendered per protocol
// by http/respond.ts (SSM JSON, EC2 XML, STS XML).

/** Which fault side AWS blames (STS writes it as <Type>). */
export type FaultSide = 'Sender' | 'Receiver';

/** Base of every AWS error the handlers throw; `awsMessage` undefined means "no message at all". */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly awsMessage: string | undefined,
    readonly httpStatus: number = 400,
    readonly side: FaultSide = 'Sender',
  ) {
    super(awsMessage ?? code);
    this.name = code;
  }
}

// ---- SSM (awsJson1_1) ----

/** Unknown, offline, stopped or unmanaged instance. */
export class InvalidInstanceId extends AwsError {
  constructor(message?: string) {
    super('InvalidInstanceId', message);
  }
}
/** Document name that the emulator does not know. */
export class InvalidDocument extends AwsError {
  constructor(message?: string) {
    super('InvalidDocument', message);
  }
}
/** DocumentVersion that the document does not have. */
export class InvalidDocumentVersion extends AwsError {
  constructor(message?: string) {
    super('InvalidDocumentVersion', message);
  }
}
/** Unknown or malformed document parameter, or parameters over the payload budget. */
export class InvalidParameters extends AwsError {
  constructor(message?: string) {
    super('InvalidParameters', message);
  }
}
/** Unknown CommandId; the real service sends it without a message. */
export class InvalidCommandId extends AwsError {
  constructor() {
    super('InvalidCommandId', undefined);
  }
}
/** Invocation not (yet) visible; the real service sends it without a message. */
export class InvocationDoesNotExist extends AwsError {
  constructor() {
    super('InvocationDoesNotExist', undefined);
  }
}
/** PluginName that the document does not contain. */
export class InvalidPluginName extends AwsError {
  constructor() {
    super('InvalidPluginName', undefined);
  }
}
/** Document sent to an instance whose platform it does not support. */
export class UnsupportedPlatformType extends AwsError {
  constructor(message?: string) {
    super('UnsupportedPlatformType', message);
  }
}
/** The same instance id twice in one request. */
export class DuplicateInstanceId extends AwsError {
  constructor() {
    super('DuplicateInstanceId', undefined);
  }
}
/** Violation of a service-model constraint (length, range, pattern, enum, required). */
export class ValidationException extends AwsError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}
/** Filter key the operation does not support. */
export class InvalidFilterKey extends AwsError {
  constructor(message?: string) {
    super('InvalidFilterKey', message);
  }
}
/** Filter value that cannot match (e.g. a malformed instance id). */
export class InvalidInstanceInformationFilterValue extends AwsError {
  constructor(message?: string) {
    super('InvalidInstanceInformationFilterValue', message);
  }
}
/** NextToken that the emulator did not issue for this listing. */
export class InvalidNextToken extends AwsError {
  constructor(message = 'The specified token is not valid.') {
    super('InvalidNextToken', message);
  }
}
/** SSM throttling: HTTP 400, which is what botocore and the SDK retry. */
export class ThrottlingException extends AwsError {
  constructor() {
    super('ThrottlingException', 'Rate exceeded');
  }
}
/** SSM injected fault: the only 5xx the SSM model declares. */
export class InternalServerError extends AwsError {
  constructor() {
    super('InternalServerError', 'An internal error occurred.', 500, 'Receiver');
  }
}
/** SSM: access key id not known. */
export class UnrecognizedClientException extends AwsError {
  constructor() {
    super('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}
/** SSM: signature mismatch, expired, or scoped to the wrong region/service. */
export class InvalidSignatureException extends AwsError {
  constructor(message: string) {
    super('InvalidSignatureException', message);
  }
}
/** SSM: no Authorization header at all. */
export class MissingAuthenticationTokenException extends AwsError {
  constructor() {
    super('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
}
/** SSM: Authorization header present but malformed. */
export class IncompleteSignatureException extends AwsError {
  constructor(message: string) {
    super('IncompleteSignatureException', message);
  }
}
/** SSM: body is not JSON or a member has the wrong JSON type. */
export class SerializationException extends AwsError {
  constructor(message?: string) {
    super('SerializationException', message);
  }
}
/** SSM: X-Amz-Target names an operation the emulator does not implement. */
export class UnknownOperationException extends AwsError {
  constructor() {
    super('UnknownOperationException', undefined);
  }
}

// ---- EC2 (query protocol, XML) ----

/** EC2: unknown access key or bad signature (AWS answers 401). */
export class AuthFailure extends AwsError {
  constructor(message = 'AWS was not able to validate the provided access credentials') {
    super('AuthFailure', message, 401);
  }
}
/** EC2: X-Amz-Date more than 15 minutes off. */
export class RequestExpired extends AwsError {
  constructor(message = 'Request has expired.') {
    super('RequestExpired', message);
  }
}
/** EC2/STS: no Authorization header at all. */
export class MissingAuthenticationToken extends AwsError {
  constructor(httpStatus: number) {
    super('MissingAuthenticationToken', 'Request is missing Authentication Token', httpStatus);
  }
}
/** EC2/STS: Authorization header present but malformed. */
export class IncompleteSignature extends AwsError {
  constructor(message: string) {
    super('IncompleteSignature', message);
  }
}
/** EC2 throttling, sent as HTTP 400 (see docs/emulator.md). */
export class RequestLimitExceeded extends AwsError {
  constructor() {
    super('RequestLimitExceeded', 'Request limit exceeded.');
  }
}
/** EC2 injected fault. */
export class InternalError extends AwsError {
  constructor() {
    super('InternalError', 'An internal error has occurred', 500, 'Receiver');
  }
}
/** EC2: well-formed instance id that does not exist. */
export class InvalidInstanceIDNotFound extends AwsError {
  constructor(ids: string[]) {
    super(
      'InvalidInstanceID.NotFound',
      ids.length === 1
        ? `The instance ID '${ids[0]}' does not exist`
        : `The instance IDs '${ids.join(', ')}' do not exist`,
    );
  }
}
/** EC2: instance id that is not of the form i-xxxxxxxx[xxxxxxxxx]. */
export class InvalidInstanceIDMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidInstanceID.Malformed', `Invalid id: "${id}" (expecting "i-...")`);
  }
}
/** EC2: a parameter value out of range or unknown filter name. */
export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValue', message);
  }
}
/** EC2: parameters that cannot be combined (InstanceId.N with MaxResults). */
export class InvalidParameterCombination extends AwsError {
  constructor(message: string) {
    super('InvalidParameterCombination', message);
  }
}
/** EC2/STS: Action not implemented by the emulator. */
export class InvalidAction extends AwsError {
  constructor(action: string) {
    super('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
}
/** EC2: DryRun=true on a request that would have succeeded (AWS answers 412). */
export class DryRunOperation extends AwsError {
  constructor() {
    super('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  }
}

// ---- STS (query protocol, XML) ----

/** STS: access key id not known (AWS answers 403). */
export class InvalidClientTokenId extends AwsError {
  constructor() {
    super('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
}
/** STS: signature mismatch or expired (AWS answers 403). */
export class SignatureDoesNotMatch extends AwsError {
  constructor(message: string) {
    super('SignatureDoesNotMatch', message, 403);
  }
}
/** STS throttling. */
export class Throttling extends AwsError {
  constructor() {
    super('Throttling', 'Rate exceeded');
  }
}
/** STS injected fault. */
export class InternalFailure extends AwsError {
  constructor() {
    super('InternalFailure', 'An internal error occurred.', 500, 'Receiver');
  }
}
