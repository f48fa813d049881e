// Custom RAM policies and their versions. `PolicyType` is always sent.
import * as $Ram from '@alicloud/ram20150501';
import type { ObservedPolicy, ObservedPolicySummary, ObservedPolicyVersion, Tags } from '../../model/observed.js';
import { tolerate } from './call.js';
import { policyResource, tagList, tagRecord, type AccountContext } from './context.js';
import { listTags } from './ram-tags.js';

const PAGE = 1000;

/** ListPolicies of one type, all pages; `UpdateDate` and `AttachmentCount` ride along for change detection. */
export async function listPolicies(c: AccountContext, policyType: 'Custom' | 'System'): Promise<ObservedPolicySummary[]> {
  const out: ObservedPolicySummary[] = [];
  let marker: string | undefined;
  do {
    const req = new $Ram.ListPoliciesRequest({ policyType, maxItems: PAGE, ...(marker ? { marker } : {}) });
    const body = (await c.run({ service: 'ram', action: 'ListPolicies' }, () => c.ram().listPolicies(req))).body;
    for (const p of body?.policies?.policy ?? []) {
      out.push({
        policyName: p.policyName ?? '',
        description: p.description ?? '',
        defaultVersion: p.defaultVersion ?? '',
        tags: tagRecord(p.tags?.tag),
        ...(p.updateDate ? { updateDate: p.updateDate } : {}),
        ...(typeof p.attachmentCount === 'number' ? { attachmentCount: p.attachmentCount } : {}),
      });
    }
    marker = body?.isTruncated ? body.marker || undefined : undefined;
  } while (marker);
  return out;
}

/** ListEntitiesForPolicy: the roles of this account the policy is attached to; undefined when it is gone. */
export async function rolesOfPolicy(c: AccountContext, policyName: string, policyType: 'Custom' | 'System'): Promise<string[] | undefined> {
  const req = new $Ram.ListEntitiesForPolicyRequest({ policyName, policyType });
  const resource = policyType === 'System' ? `system policy ${policyName}` : policyResource(c, policyName);
  const res = await tolerate(
    c.run({ service: 'ram', action: 'ListEntitiesForPolicy', resource }, () => c.ram().listEntitiesForPolicy(req)),
    (code) => code === 'EntityNotExist.Policy',
    undefined,
  );
  if (!res) return undefined;
  return (res.body?.roles?.role ?? []).map((r) => r.roleName ?? '');
}

const versionNumber = (id: string) => Number(/^v(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);

/** Oldest first: by CreateDate, then by version number (the API's order is unconfirmed, §10 #10). */
function byAge(a: ObservedPolicyVersion, b: ObservedPolicyVersion): number {
  return a.createDate.localeCompare(b.createDate) || versionNumber(a.versionId) - versionNumber(b.versionId);
}

export async function getPolicy(c: AccountContext, policyName: string, summary?: ObservedPolicySummary): Promise<ObservedPolicy | undefined> {
  const resource = policyResource(c, policyName);
  const notFound = (code: string) => code === 'EntityNotExist.Policy';
  const listed = await tolerate(
    c.run({ service: 'ram', action: 'ListPolicyVersions', resource }, () =>
      c.ram().listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName, policyType: 'Custom' })),
    ),
    notFound,
    undefined,
  );
  if (!listed) return undefined;
  const versions: ObservedPolicyVersion[] = (listed.body?.policyVersions?.policyVersion ?? [])
    .map((v) => ({ versionId: v.versionId ?? '', isDefault: v.isDefaultVersion === true, createDate: v.createDate ?? '', document: v.policyDocument ?? '' }))
    .sort(byAge);
  const defaultVersion = versions.find((v) => v.isDefault)?.versionId ?? '';
  if (summary) return { ...summary, defaultVersion, versions };
  // Without a summary: GetPolicy for the description and ListTagResources for the tags.
  const got = await tolerate(
    c.run({ service: 'ram', action: 'GetPolicy', resource }, () => c.ram().getPolicy(new $Ram.GetPolicyRequest({ policyName, policyType: 'Custom' }))),
    notFound,
    undefined,
  );
  if (!got) return undefined;
  const tags = await listTags(c, 'policy', policyName);
  return { policyName, description: got.body?.policy?.description ?? '', defaultVersion, tags, versions };
}

export async function createPolicy(c: AccountContext, input: { policyName: string; document: string; description: string; tags: Tags }): Promise<void> {
  const req = new $Ram.CreatePolicyRequest({
    policyName: input.policyName,
    policyDocument: input.document,
    // RAM takes a Description of 1–1024 characters or none: an empty one is InvalidParameter.Description.Length.
    ...(input.description !== '' ? { description: input.description } : {}),
    tag: tagList(input.tags).map((t) => new $Ram.CreatePolicyRequestTag(t)),
  });
  await c.run({ service: 'ram', action: 'CreatePolicy', resource: policyResource(c, input.policyName) }, () => c.ram().createPolicy(req));
}

export async function createPolicyVersion(c: AccountContext, policyName: string, document: string, setAsDefault: boolean): Promise<{ versionId: string }> {
  // RotateStrategy None: the engine frees a slot itself so it never removes a version a human pinned.
  const req = new $Ram.CreatePolicyVersionRequest({ policyName, policyDocument: document, setAsDefault, rotateStrategy: 'None' });
  const res = await c.run({ service: 'ram', action: 'CreatePolicyVersion', resource: policyResource(c, policyName) }, () => c.ram().createPolicyVersion(req));
  return { versionId: res.body?.policyVersion?.versionId ?? '' };
}

/** Idempotent: a version that is already gone counts as deleted. */
export async function deletePolicyVersion(c: AccountContext, policyName: string, versionId: string): Promise<void> {
  const req = new $Ram.DeletePolicyVersionRequest({ policyName, versionId });
  await tolerate(
    c.run({ service: 'ram', action: 'DeletePolicyVersion', resource: `${policyResource(c, policyName)} version ${versionId}` }, () => c.ram().deletePolicyVersion(req)),
    (code) => code === 'EntityNotExist.Policy.Version',
    undefined,
  );
}

export async function setDefaultPolicyVersion(c: AccountContext, policyName: string, versionId: string): Promise<void> {
  const req = new $Ram.SetDefaultPolicyVersionRequest({ policyName, versionId });
  await c.run({ service: 'ram', action: 'SetDefaultPolicyVersion', resource: `${policyResource(c, policyName)} version ${versionId}` }, () =>
    c.ram().setDefaultPolicyVersion(req),
  );
}

/** CascadingDelete removes non-default versions too; a policy already gone counts as deleted. */
export async function deletePolicy(c: AccountContext, policyName: string): Promise<void> {
  const req = new $Ram.DeletePolicyRequest({ policyName, cascadingDelete: true });
  await tolerate(
    c.run({ service: 'ram', action: 'DeletePolicy', resource: policyResource(c, policyName) }, () => c.ram().deletePolicy(req)),
    (code) => code === 'EntityNotExist.Policy',
    undefined,
  );
}
