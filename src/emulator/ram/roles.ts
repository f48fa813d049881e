// CreateRole, GetRole, UpdateRole, DeleteRole, ListRoles.
import { ApiError, type ActionHandler } from '../contracts.js';
import { jsonList } from '../params.js';
import type { World } from '../world.js';
import { authorizeOn, findRole, matchesTagFilter, mergeTags, ramCall } from './common.js';
import { roleBody, roleListItem } from './format.js';
import { markerPage, pageFields } from './paging.js';
import { caseClash, roleArnOf, type RoleState } from './state.js';
import { description, limitExceeded, maxSessionDuration, roleName, tags, trustDocument } from './validate.js';

export function roleActions(world: World): Record<string, ActionHandler> {
  return {
    CreateRole: (ctx) => {
      const call = ramCall(world, ctx);
      const name = roleName(call.params);
      const trust = trustDocument(call.params, 'AssumeRolePolicyDocument');
      const desc = description(call.params, 'Description') ?? '';
      const maxSession = maxSessionDuration(call.params, 'MaxSessionDuration') ?? 3600;
      const roleTags = tags(call.params, 'Tag', world.seed.options.quotas.tagsPerResource) ?? [];
      authorizeOn(call, 'role', name);
      if (caseClash(call.account.roles, name) !== undefined) throw new ApiError('EntityAlreadyExists.Role', 409, 'The role does already EXIST.');
      if (call.account.roles.size >= world.seed.options.quotas.roles) throw limitExceeded('LimitExceeded.Role', 'The maximum number of roles is exceeded.');
      const role: RoleState = {
        seq: world.nextSeq(), roleId: world.nextNumericId(), roleName: name, arn: roleArnOf(call.account.accountId, name),
        description: desc, trust, maxSessionDuration: maxSession, createDate: ctx.now, updateDate: ctx.now, tags: mergeTags([], roleTags), attachments: [],
      };
      call.account.roles.set(name, role);
      return { Role: roleBody(role, false) };
    },
    GetRole: (ctx) => {
      const call = ramCall(world, ctx);
      const name = roleName(call.params);
      authorizeOn(call, 'role', name);
      return { Role: roleBody(findRole(call, name)) };
    },
    UpdateRole: (ctx) => {
      const call = ramCall(world, ctx);
      const name = roleName(call.params);
      const trust = call.params.NewAssumeRolePolicyDocument === undefined ? undefined : trustDocument(call.params, 'NewAssumeRolePolicyDocument');
      const desc = description(call.params, 'NewDescription');
      const maxSession = maxSessionDuration(call.params, 'NewMaxSessionDuration');
      authorizeOn(call, 'role', name);
      const role = findRole(call, name);
      if (trust !== undefined) role.trust = trust;
      if (desc !== undefined) role.description = desc;
      if (maxSession !== undefined) role.maxSessionDuration = maxSession;
      role.updateDate = ctx.now;
      return { Role: roleBody(role) };
    },
    DeleteRole: (ctx) => {
      const call = ramCall(world, ctx);
      const name = roleName(call.params);
      authorizeOn(call, 'role', name);
      const role = findRole(call, name);
      if (role.attachments.length > 0) throw new ApiError('DeleteConflict.Role.Policy', 409, `The role still has ${role.attachments.length} attached policies: ${name}.`);
      call.account.roles.delete(name);
      return {};
    },
    ListRoles: (ctx) => {
      const call = ramCall(world, ctx);
      const filter = jsonList<{ Key?: unknown; Value?: unknown }>(call.params, 'Tag');
      authorizeOn(call, 'role', '*');
      const page = markerPage([...call.account.roles.values()].filter((r) => matchesTagFilter(r.tags, filter)), call.params);
      return { ...pageFields(page), Roles: { Role: page.items.map(roleListItem) } };
    },
  };
}
