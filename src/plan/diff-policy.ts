// Custom policy diff. A document change is a new default version (RAM keeps at most 5 versions).
// Version rules:
// - in sync when the DEFAULT version's document is equivalent to the desired one, whichever it is;
// - if another existing version already holds the desired document (a human switched the default
//   back to an older one), we make that version the default again: no new version, nothing deleted;
// - otherwise we create a new default version; when 5 exist we first delete the OLDEST NON-DEFAULT
//   versions, just enough to make room. The current default (possibly pinned by a human) is never
//   deleted in that pass: RAM forbids deleting the default, and we delete before we create.
import type { DesiredPolicy } from '../model/desired.js';
import { policyKey } from '../model/keys.js';
import type { ObservedPolicy, ObservedPolicySummary, ObservedPolicyVersion } from '../model/observed.js';
import { policiesEquivalent } from '../policy/normalise.js';
import { parsePolicyJson, serialisePolicy } from '../policy/parse.js';
import { isDetailedPolicy } from './observed-state.js';
import { prettySent } from './pretty.js';
import { isRetained } from './tags.js';
import { conflictReason, keptReason, ownershipDrift, resultFor, undeclaredFate, type DiffOptions, type ResultFn } from './diff-common.js';
import type { FieldChange, PolicyDiff } from './types.js';

export const POLICY_VERSION_LIMIT = 5;

export function diffPolicy(
  account: { accountName: string; accountId: string },
  desired: DesiredPolicy | undefined,
  observed: ObservedPolicySummary | ObservedPolicy | undefined,
  options: DiffOptions,
): PolicyDiff {
  const name = desired?.policyName ?? observed?.policyName ?? '';
  const result = resultFor<PolicyDiff>({ key: policyKey(account.accountId, name), kind: 'policy', ...account, name, deleteVersions: [] });

  if (desired === undefined) {
    if (observed === undefined) return result('none');
    const fate = undeclaredFate(observed.tags, options.ownerId);
    if (fate === 'none') return result('none');
    if (fate !== 'prunable') return result('orphan', { reasons: [fate.orphan] });
    const kept = keptReason(isRetained(observed.tags), options);
    if (kept !== undefined) return result('orphan', { reasons: [kept] });
    if (!isDetailedPolicy(observed)) return result('error', { error: { message: `policy ${name} was listed but not read` } });
    return result('delete', {
      observed,
      deleteVersions: sortVersions(observed.versions).filter((v) => !v.isDefault).map((v) => v.versionId),
      reasons: ['not in the manifests'],
      changes: [{ field: 'policy', old: name }],
    });
  }
  const newDocument = serialisePolicy(desired.document);
  if (observed === undefined) {
    return result('create', {
      desired,
      document: { new: newDocument },
      reasons: ['policy does not exist'],
      changes: [{ field: 'document', new: prettySent(newDocument) }],
    });
  }
  const conflict = conflictReason(observed.tags, desired.adopt, options.ownerId, 'policy');
  if (conflict !== undefined) return result('conflict', { desired, reasons: [conflict] });
  if (!isDetailedPolicy(observed)) return result('error', { desired, error: { message: `policy ${name} was listed but not read` } });
  return diffExisting(desired, observed, newDocument, result, options.ownerId);
}

function diffExisting(
  desired: DesiredPolicy,
  observed: ObservedPolicy,
  newDocument: string,
  result: ResultFn<PolicyDiff>,
  ownerId: string,
): PolicyDiff {
  const reasons: string[] = [];
  const changes: FieldChange[] = [];
  const extra: Partial<PolicyDiff> = { desired, observed };
  const drift = ownershipDrift(observed.tags, desired, 'policy', ownerId);
  if (drift) {
    extra.tags = drift.tags;
    reasons.push(drift.reason);
  }
  const versions = sortVersions(observed.versions);
  const current = versions.find((v) => v.isDefault);
  if (current === undefined || !equivalent(current.document, desired)) {
    const holder = versions.find((v) => !v.isDefault && equivalent(v.document, desired));
    const newest = versions.at(-1);
    const switched = current !== undefined && newest !== undefined && newest.versionId !== current.versionId;
    reasons.push(current === undefined ? 'no default version' : `default version ${current.versionId} differs from the manifest${switched ? ' (the default was switched by hand)' : ''}`);
    changes.push({ field: 'document', old: current ? prettySent(current.document) : undefined, new: prettySent(newDocument) });
    if (holder !== undefined) {
      extra.restoreVersion = holder.versionId;
      reasons.push(`version ${holder.versionId} holds the desired document: it becomes the default again`);
    } else {
      extra.document = { old: current?.document, new: newDocument };
      extra.deleteVersions = versionsToMakeRoom(versions);
    }
  }
  return result(reasons.length > 0 ? 'update' : 'none', { ...extra, reasons, changes });
}

function equivalent(text: string, desired: DesiredPolicy): boolean {
  const parsed = parsePolicyJson(text);
  return parsed.ok && policiesEquivalent(parsed.document, desired.document);
}

/** Oldest non-default versions, just enough that one more version fits within the limit. */
export function versionsToMakeRoom(sorted: ObservedPolicyVersion[]): string[] {
  const excess = sorted.length - (POLICY_VERSION_LIMIT - 1);
  if (excess <= 0) return [];
  return sorted.filter((v) => !v.isDefault).slice(0, excess).map((v) => v.versionId);
}

/** Oldest first: by CreateDate, then by the number in `vN` (dates may tie within a second). */
export function sortVersions(versions: ObservedPolicyVersion[]): ObservedPolicyVersion[] {
  const num = (id: string): number => Number(/^v(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return [...versions].sort((a, b) => (a.createDate === b.createDate ? num(a.versionId) - num(b.versionId) : a.createDate < b.createDate ? -1 : 1));
}
