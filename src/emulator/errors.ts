// Gateway-level errors and the error body. Names and statuses of the gateway codes are assumed
// where Alibaba's documentation names no exact status; the README's error catalogue lists each one.
import { ApiError } from './contracts.js';

export const NO_PERMISSION_MESSAGE = 'You are not authorized to do this action. You should be authorized by RAM.';

export const gatewayErrors = {
  incompleteSignature: (why: string) => new ApiError('IncompleteSignature', 400, `The request signature does not conform to Aliyun standards: ${why}.`),
  signatureDoesNotMatch: () => new ApiError('SignatureDoesNotMatch', 400, 'Specified signature is not matched with our calculation.'),
  unknownKey: () => new ApiError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.'),
  inactiveKey: () => new ApiError('InvalidAccessKeyId.Inactive', 403, 'Specified access key is disabled.'),
  missingToken: () => new ApiError('MissingSecurityToken', 400, 'The STS AccessKey requires its SecurityToken.'),
  // The real name of the expired-token code is unconfirmed; this one is modelled on InvalidTimeStamp.Expired.
  expiredToken: () => new ApiError('InvalidSecurityToken.Expired', 400, 'The specified SecurityToken is expired.'),
  mismatchedToken: () => new ApiError('InvalidSecurityToken.MismatchWithAccessKey', 400, 'The SecurityToken does not belong to the AccessKey.'),
  staleDate: (field: string) => new ApiError('InvalidTimeStamp.Expired', 400, `Specified ${field} is expired: it must be within 15 minutes of the server time.`),
  nonceUsed: () => new ApiError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.'),
  missingParameter: (name: string) => new ApiError('MissingParameter', 400, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  unknownAction: (action: string, version: string) => new ApiError('InvalidAction.NotFound', 404, `Specified api "${action}" is not found in version ${version}. Please check your url and method.`),
  // ROA: a method or path other than the action's; code and status of the real gateway unconfirmed.
  roaPathNotFound: (action: string, version: string, got: string, want: string) => new ApiError('InvalidAction.NotFound', 404, `Specified api "${action}" of version ${version} is not found at ${got} (it is ${want}). Please check your url and method.`),
  invalidVersion: (version: string) => new ApiError('InvalidVersion', 400, `Specified parameter Version "${version}" is not valid.`),
  internal: () => new ApiError('InternalError', 500, 'The request processing has failed due to some unknown error.'),
};

export function errorBody(error: ApiError, requestId: string, hostId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}`,
    ...extra,
  };
}

/** NoPermission carries the AccessDeniedDetail the live services attach to denials. */
export class AccessDenied extends ApiError {
  constructor(readonly detail: { AuthAction: string; AuthPrincipalType: string; AuthPrincipalDisplayName: string; AuthPrincipalOwnerId: string; PolicyType: string; NoPermissionType: string; EncodedDiagnosticMessage: string }, message = NO_PERMISSION_MESSAGE) {
    super('NoPermission', 403, message);
  }
}
