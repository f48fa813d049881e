// ACR 2018-12-01 error answers. NoPrivilege is the denial the API reference lists on its pages
// (e.g. ListRepoTag: 403 NoPrivilege "Access denied for this user."); the not-found and
// bad-parameter codes are unconfirmed (README "ACR", differences table).
import { ApiError } from '../contracts.js';
import { AccessDenied } from '../errors.js';
import type { ActionContext } from '../contracts.js';

export const acrErrors = {
  noPrivilege: () => new ApiError('NoPrivilege', 403, 'Access denied for this user.'),
  instanceNotExist: (id: string) => new ApiError('INSTANCE_NOT_EXIST', 404, `The instance ${id} does not exist.`),
  // The 2016-06-07 (Personal Edition) API's missing namespace (README "ACR Personal Edition").
  namespaceNotExist: (name: string) => new ApiError('NAMESPACE_NOT_EXIST', 404, `The namespace ${name} does not exist.`),
  repoNotExist: (id: string) => new ApiError('REPO_NOT_EXIST', 404, `The repository ${id} does not exist.`),
  paramInvalid: (name: string, why: string) => new ApiError('PARAM_INVALID', 400, `The parameter ${name} is invalid: ${why}.`),
};

/** The gateway's RAM check, answered the way ACR answers a denial. */
export function authorizeAcr(ctx: ActionContext, action: string, resource: string): void {
  try {
    ctx.authorize(action, resource);
  } catch (error) {
    if (error instanceof AccessDenied) throw acrErrors.noPrivilege();
    throw error;
  }
}
