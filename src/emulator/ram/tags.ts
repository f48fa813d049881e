// TagResources, UntagResources, ListTagResources on roles and custom policies.
import { ApiError, type ActionHandler } from '../contracts.js';
import { bool, integer, invalid, jsonList, optional, required } from '../params.js';
import type { SeedTag } from '../seed-types.js';
import type { World } from '../world.js';
import { authorizeOn, findCustomPolicy, findRole, matchesTagFilter, mergeTags, ramCall, type RamCall } from './common.js';
import { tags as tagParam } from './validate.js';

type Kind = 'role' | 'policy';
interface Tagged {
  name: string;
  tags: SeedTag[];
  set(tags: SeedTag[]): void;
}

function resourceType(call: RamCall): Kind {
  const value = required(call.params, 'ResourceType');
  if (value === 'role' || value === 'policy') return value;
  throw invalid('InvalidParameter.ResourceType', 'The parameter ResourceType must be "role" or "policy".');
}

function resolve(call: RamCall, kind: Kind, name: string): Tagged {
  if (kind === 'role') {
    const role = findRole(call, name);
    return { name, tags: role.tags, set: (t) => void (role.tags = t) };
  }
  const policy = findCustomPolicy(call, name);
  return { name, tags: policy.tags, set: (t) => void (policy.tags = t) };
}

function names(call: RamCall, kind: Kind, needed: boolean): string[] | undefined {
  const list = jsonList<unknown>(call.params, 'ResourceNames');
  if (list === undefined) {
    if (needed) required(call.params, 'ResourceNames');
    return undefined;
  }
  if (list.length === 0 || list.length > 50 || list.some((n) => typeof n !== 'string')) {
    throw invalid('InvalidParameter.ResourceNames', 'ResourceNames must list 1-50 names.');
  }
  const result = list as string[];
  for (const name of result) authorizeOn(call, kind, name);
  return result;
}

function allNames(call: RamCall, kind: Kind): string[] {
  return kind === 'role' ? [...call.account.roles.keys()] : [...call.account.policies.keys()];
}

export function tagActions(world: World): Record<string, ActionHandler> {
  return {
    TagResources: (ctx) => {
      const call = ramCall(world, ctx);
      const kind = resourceType(call);
      const added = tagParam(call.params, 'Tag', world.seed.options.quotas.tagsPerResource);
      if (!added || added.length === 0) required({}, 'Tag');
      const targets = (names(call, kind, true) ?? []).map((n) => resolve(call, kind, n));
      const merged = targets.map((t) => mergeTags(t.tags, added ?? []));
      // Unconfirmed code: no document names the error for more than 20 tags on one resource.
      if (merged.some((m) => m.length > world.seed.options.quotas.tagsPerResource)) throw new ApiError('LimitExceeded.Tag', 409, 'A resource may carry at most 20 tags.');
      targets.forEach((t, i) => t.set(merged[i] as SeedTag[]));
      return {};
    },
    UntagResources: (ctx) => {
      const call = ramCall(world, ctx);
      const kind = resourceType(call);
      const all = bool(call.params, 'All');
      const keys = jsonList<unknown>(call.params, 'TagKeys');
      if (!all && keys === undefined) required({}, 'TagKeys');
      if (keys !== undefined && (keys.length > 20 || keys.some((k) => typeof k !== 'string'))) throw invalid('InvalidParameter.TagKeys', 'TagKeys must list at most 20 keys.');
      const targets = (names(call, kind, true) ?? []).map((n) => resolve(call, kind, n));
      for (const t of targets) t.set(all ? [] : t.tags.filter((tag) => !(keys as string[]).includes(tag.key)));
      return {};
    },
    ListTagResources: (ctx) => {
      const call = ramCall(world, ctx);
      const kind = resourceType(call);
      const filter = jsonList<{ Key?: unknown; Value?: unknown }>(call.params, 'Tag');
      const pageSize = integer(call.params, 'PageSize', 50, [1, 100], 'InvalidParameter.PageSize');
      const selected = names(call, kind, false);
      if (!selected) authorizeOn(call, kind, '*');
      const resources = (selected ?? allNames(call, kind)).map((n) => resolve(call, kind, n)).filter((r) => matchesTagFilter(r.tags, filter));
      const rows = resources.flatMap((r) => r.tags.map((t) => ({ ResourceName: r.name, ResourceType: kind, TagKey: t.key, TagValue: t.value })));
      const tokenText = optional(call.params, 'NextToken');
      const start = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8'));
      if (!Number.isInteger(start) || start < 0 || start > rows.length) throw invalid('InvalidParameter.NextToken', 'The parameter NextToken is invalid.');
      const end = start + pageSize;
      // §10 #24: the last page omits NextToken.
      return { TagResources: rows.slice(start, end), ...(end < rows.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
    },
  };
}
