// CreateContainerGroup, DescribeContainerGroups, DeleteContainerGroup, limited to what image pulls
// need (§6.6): containers' images, AcrRegistryInfo, vSwitch, EIP, status and events.
// Pending → Running | Failed after `timing.containerGroupPendingMs` (default 1000 emulated ms).
import { ApiError, type ActionContext, type ActionHandler } from '../contracts.js';
import { containerGroupTimeline, pullImages } from './builder.js';
import { paginate, queryKeyOf } from './paging.js';
import { acrRegistryInfo, hasTags, invalid, objectList, optional, required, tags, vSwitchIds, type Params } from './params.js';
import { newId, type ContainerRecord, type EciState, type GroupRecord } from './state.js';
import { isoSeconds, reachedAt, renderEvents, viewAt } from './timeline.js';

const groupArn = (ctx: ActionContext, regionId: string, id: string): string => `acs:eci:${regionId}:${ctx.caller.accountId}:containergroup/${id}`;

export function containerGroupActions(state: EciState): Record<string, ActionHandler> {
  return {
    CreateContainerGroup: (ctx) => create(state, ctx),
    DescribeContainerGroups: (ctx) => describe(state, ctx),
    DeleteContainerGroup: (ctx) => remove(state, ctx),
  };
}

function containers(params: Params, name: string, mandatory: boolean): ContainerRecord[] {
  const list = objectList(params, name).map(({ fields }, i) => {
    const image = fields.Image;
    if (!image) throw new ApiError('MissingParameter', 400, `The input parameter "${name}.${i + 1}.Image" that is mandatory for processing this request is not supplied.`);
    return { name: fields.Name || `${name.toLowerCase()}-${i + 1}`, image };
  });
  if (mandatory && list.length === 0) {
    throw new ApiError('MissingParameter', 400, `The input parameter "${name}.1.Image" that is mandatory for processing this request is not supplied.`);
  }
  return list;
}

function create(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  const name = required(p, 'ContainerGroupName');
  const securityGroupId = required(p, 'SecurityGroupId');
  required(p, 'VSwitchId');
  const main = containers(p, 'Container', true);
  const init = containers(p, 'InitContainer', false);
  ctx.authorize('eci:CreateContainerGroup', groupArn(ctx, regionId, '*'));
  const restartPolicy = optional(p, 'RestartPolicy') ?? 'Always';
  if (!['Always', 'Never', 'OnFailure'].includes(restartPolicy)) throw invalid('RestartPolicy', 'expected Always, Never or OnFailure');
  const tagList = tags(p);
  const acr = acrRegistryInfo(p).map(({ index: _index, ...entry }) => entry);
  return state.tokens.once(ctx.caller.accountId, 'CreateContainerGroup', p, () => {
    const id = newId('eci');
    const eip = optional(p, 'EipInstanceId') ?? (p.AutoCreateEip === 'true' ? newId('eip') : undefined);
    const vsw = vSwitchIds(p);
    const images = [...init, ...main].map((c) => c.image);
    const outcome = pullImages(images, { accountId: ctx.caller.accountId, regionId, acrRegistryInfo: acr, vSwitchIds: vsw, ...(eip ? { eipInstanceId: eip } : {}) }, state.pullWorld);
    const record: GroupRecord = {
      containerGroupId: id,
      accountId: ctx.caller.accountId,
      regionId,
      name,
      containers: main,
      initContainers: init,
      creationTime: ctx.now,
      tags: tagList,
      securityGroupId,
      vSwitchIds: vsw,
      ...(optional(p, 'ZoneId') === undefined ? {} : { zoneId: optional(p, 'ZoneId')! }),
      ...(eip === undefined ? {} : { eipInstanceId: eip }),
      restartPolicy,
      timeline: containerGroupTimeline(ctx.now, state.timing('containerGroupPendingMs', 1000), id, images, outcome),
    };
    state.groups.set(id, record);
    return { ContainerGroupId: id };
  });
}

function parseIds(params: Params): string[] | undefined {
  const text = optional(params, 'ContainerGroupIds');
  if (text === undefined) return undefined;
  try {
    const ids: unknown = JSON.parse(text);
    if (Array.isArray(ids) && ids.every((i) => typeof i === 'string')) return ids;
  } catch {
    // fall through to the error below
  }
  throw invalid('ContainerGroupIds', 'expected a JSON array of IDs, e.g. ["eci-xxx"]');
}

function describe(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  ctx.authorize('eci:DescribeContainerGroups', groupArn(ctx, regionId, '*'));
  const ids = parseIds(p);
  const name = optional(p, 'ContainerGroupName');
  const status = optional(p, 'Status');
  const wantedTags = tags(p);
  const matching = [...state.groups.values()]
    .filter((g) => g.accountId === ctx.caller.accountId && g.regionId === regionId)
    .filter((g) => ids === undefined || ids.includes(g.containerGroupId))
    .filter((g) => name === undefined || g.name === name)
    .filter((g) => status === undefined || viewAt(g.timeline, ctx.now).status === status)
    .filter((g) => hasTags(g.tags, wantedTags))
    .sort((a, b) => a.creationTime - b.creationTime);
  const page = paginate(matching, p, queryKeyOf(ctx.caller.accountId, p));
  return {
    TotalCount: page.totalCount,
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    ContainerGroups: page.items.map((g) => renderGroup(g, ctx.now)),
  };
}

function renderGroup(g: GroupRecord, now: number): Record<string, unknown> {
  const view = viewAt(g.timeline, now);
  const failedAt = reachedAt(g.timeline, 'Failed');
  const container = (c: ContainerRecord) => ({ Name: c.name, Image: c.image, Ready: view.status === 'Running', RestartCount: 0 });
  return {
    ContainerGroupId: g.containerGroupId,
    ContainerGroupName: g.name,
    RegionId: g.regionId,
    ...(g.zoneId === undefined ? {} : { ZoneId: g.zoneId }),
    Status: view.status,
    CreationTime: isoSeconds(g.creationTime),
    ...(view.status === 'Failed' && failedAt !== undefined ? { FailedTime: isoSeconds(failedAt) } : {}),
    SecurityGroupId: g.securityGroupId,
    VSwitchId: g.vSwitchIds.join(','),
    RestartPolicy: g.restartPolicy,
    ...(g.eipInstanceId === undefined ? {} : { InternetIp: '47.0.0.1' }),
    Containers: g.containers.map(container),
    InitContainers: g.initContainers.map(container),
    Events: renderEvents(view.events, g.containerGroupId),
    Tags: g.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

function remove(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  const id = required(p, 'ContainerGroupId');
  ctx.authorize('eci:DeleteContainerGroup', groupArn(ctx, regionId, id));
  return state.tokens.once(ctx.caller.accountId, 'DeleteContainerGroup', p, () => {
    const group = state.groups.get(id);
    if (!group || group.accountId !== ctx.caller.accountId || group.regionId !== regionId) {
      throw new ApiError('InvalidContainerGroupId.NotFound', 404, `The specified container group ${id} does not exist.`);
    }
    state.groups.delete(id);
    return {};
  });
}
