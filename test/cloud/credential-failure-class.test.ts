// A failed credential exchange is a verdict on the Account's credentials, not on the resource the
// call was for. When the reconciler's own role is deleted, STS answers `EntityNotExist.Role`: read as
// the resource's "not found", a GetRole of a managed role would say "absent" and a DeleteRole "done".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tolerate } from '../../src/cloud/alibaba/call.js';
import { CREDENTIALS_OF, refreshError } from '../../src/cloud/alibaba/oidc-credentials.js';
import { CloudError } from '../../src/cloud/provider.js';

const ROLE_GONE = new Error('get sts token failed with OIDC: {"RequestId":"R-1","Code":"EntityNotExist.Role","Message":"The specified Role not exists."}');
const notFound = (code: string) => code === 'EntityNotExist.Role';

test('role deleted: a refused exchange keeps STS code and RequestId but is classified permission, not not-found', () => {
  const error = refreshError('acr', 'oidc', 'acs:ram::1000000000000002:role/eci-acr-reconciler', ROLE_GONE);
  assert.equal(error.details.code, 'EntityNotExist.Role');
  assert.equal(error.details.requestId, 'R-1');
  assert.equal(error.details.classification, 'permission');
  const throttled = refreshError('acr', 'oidc', 'r', new Error('get sts token failed with OIDC: {"Code":"Throttling.User","RequestId":"R-2"}'));
  assert.equal(throttled.details.classification, 'retryable', 'a transient refusal stays retryable');
});

test('role deleted: tolerate() never reads a credential exchange failure as the resource call\'s own not-found', async () => {
  const exchange = refreshError('acr', 'oidc', 'acs:ram::1000000000000002:role/eci-acr-reconciler', ROLE_GONE);
  await assert.rejects(tolerate(Promise.reject(exchange), notFound, undefined), (e) => e === exchange);
  const assumeRole = new CloudError('sts AssumeRole role x: EntityNotExist.Role', { classification: 'not-found', code: 'EntityNotExist.Role', service: 'sts', action: 'AssumeRole' });
  await assert.rejects(tolerate(Promise.reject(assumeRole), (_c, cls) => cls === 'not-found', undefined), (e) => e === assumeRole);
  const own = new CloudError('ram GetRole role x: EntityNotExist.Role', { classification: 'not-found', code: 'EntityNotExist.Role', service: 'ram', action: 'GetRole' });
  assert.equal(await tolerate(Promise.reject(own), notFound, 'absent'), 'absent', 'the call\'s own not-found is still tolerated');
});

test('trust changed under source: default: the failing Account\'s source label keeps its parentheses whole', () => {
  const message = refreshError('eci', 'default (RRSA environment)', 'acs:ram::1:role/r', new Error('get sts token failed with OIDC: {"Code":"AuthenticationFail.NoPermission","RequestId":"R-3"}')).message;
  assert.deepEqual(CREDENTIALS_OF.exec(message)?.slice(1), ['eci', 'default (RRSA environment)']);
  assert.deepEqual(CREDENTIALS_OF.exec('credentials of Account acr (source: oidc, role r)')?.slice(1), ['acr', 'oidc']);
});
