import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFields, toCloudError } from '../../src/cloud/classify.js';
import { CloudError } from '../../src/cloud/provider.js';

const ctx = { service: 'ram' as const, action: 'GetRole', resource: 'role acs:ram::1000000000000001:role/x' };

test('classifyFields maps codes, statuses and error names to the six classes', () => {
  const cases: [string | undefined, number | undefined, string | undefined, string][] = [
    ['Throttling.User', 400, 'ThrottlingError', 'retryable'],
    ['Rejected.Throttling', 400, undefined, 'retryable'],
    ['ServiceUnavailable', 503, 'ServerError', 'retryable'],
    ['InternalError', 500, 'ServerError', 'retryable'],
    ['ECONNRESET', undefined, 'Error', 'retryable'],
    ['ECONNREFUSED', undefined, 'Error', 'retryable'],
    ['ETIMEDOUT', undefined, 'Error', 'retryable'],
    [undefined, undefined, 'RequestTimeoutError', 'retryable'],
    [undefined, undefined, 'SyntaxError', 'retryable'],
    ['EntityNotExist.Role', 404, 'ClientError', 'not-found'],
    ['InvalidImageCacheId.NotFound', 404, 'Error', 'not-found'],
    ['EntityAlreadyExists.Role', 409, 'ClientError', 'already-exists'],
    ['DeleteConflict.Role.Policy', 409, 'ClientError', 'conflict'],
    ['LimitExceeded.Policy.Version', 409, 'ClientError', 'conflict'],
    ['IncorrectImageCacheStatus', 400, 'Error', 'conflict'],
    ['IdempotentParameterMismatch', 400, 'Error', 'conflict'],
    ['NoPermission', 403, 'ClientError', 'permission'],
    ['Forbidden.RAM', 403, 'ClientError', 'permission'],
    ['InvalidAccessKeyId.NotFound', 404, 'ClientError', 'permission'],
    ['SignatureDoesNotMatch', 400, 'ClientError', 'permission'],
    ['InvalidSecurityToken.Expired', 400, 'ClientError', 'permission'],
    ['MalformedPolicyDocument', 400, 'ClientError', 'terminal'],
    ['InvalidParameter', 400, 'ClientError', 'terminal'],
    ['EPROTO', undefined, 'Error', 'terminal'],
  ];
  for (const [code, status, name, expected] of cases) {
    assert.equal(classifyFields(code, status, name), expected, `${code ?? name}`);
  }
});

test('toCloudError builds the message from service, action, resource, code, status, RequestId and the Alibaba message', () => {
  // The shape the RAM/STS client throws.
  const sdkError = Object.assign(new Error('EntityNotExist.Role: code: 404, The role does not exist. request id: REQ-1'), {
    name: 'ClientError',
    code: 'EntityNotExist.Role',
    statusCode: 404,
    requestId: 'REQ-1',
    data: { RequestId: 'REQ-1', Code: 'EntityNotExist.Role', Message: 'The role does not exist.' },
  });
  const e = toCloudError(sdkError, ctx);
  assert.equal(e.message, 'ram GetRole role acs:ram::1000000000000001:role/x: EntityNotExist.Role (HTTP 404, RequestId REQ-1): The role does not exist.');
  assert.deepEqual(
    { cls: e.details.classification, code: e.details.code, status: e.details.statusCode, id: e.details.requestId },
    { cls: 'not-found', code: 'EntityNotExist.Role', status: 404, id: 'REQ-1' },
  );
});

test('toCloudError reads the ECI RequestId from data and the RAM retry-after from ThrottlingError', () => {
  const eci = Object.assign(new Error('Throttling.User: code: 400, flow control request id: ECI-9'), {
    code: 'Throttling.User',
    statusCode: 400,
    data: { RequestId: 'ECI-9', Message: 'flow control', statusCode: 400 },
  });
  const e1 = toCloudError(eci, { service: 'eci', action: 'DescribeImageCaches' });
  assert.equal(e1.details.requestId, 'ECI-9');
  assert.equal(e1.details.retryAfterMs, undefined);
  const ram = Object.assign(new Error('x'), { name: 'ThrottlingError', code: 'Throttling.User', statusCode: 400, requestId: 'R', retryAfter: 1500 });
  assert.equal(toCloudError(ram, ctx).details.retryAfterMs, 1500);
});

test('toCloudError redacts transport messages and names timeouts and bad bodies', () => {
  const reset = Object.assign(new Error('socket hang upPOST http://127.0.0.1:1/?RoleName=x&Signature=c2ln failed.'), { code: 'ECONNRESET' });
  const e = toCloudError(reset, ctx);
  assert.equal(e.details.classification, 'retryable');
  assert.ok(!e.message.includes('Signature=c2ln') && !e.message.includes('RoleName=x'), e.message);
  const timeout = Object.assign(new Error('ReadTimeout(3000). POST http://h/?a=b failed.'), { name: 'RequestTimeoutError' });
  assert.equal(toCloudError(timeout, ctx).details.code, 'RequestTimeout');
  assert.equal(toCloudError(new SyntaxError('Unexpected token <'), ctx).details.code, 'InvalidResponseBody');
});

test('toCloudError passes an existing CloudError through unchanged', () => {
  const original = new CloudError('sts AssumeRole: NoPermission', { classification: 'permission', code: 'NoPermission' });
  assert.equal(toCloudError(original, ctx), original);
});
