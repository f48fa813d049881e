// Role diff: pure, never mutates its inputs. Trust documents compare semantically (normalised), so
// a document RAM returns reformatted is not a change (the perpetual-diff failure of ARCHITECTURE §5).
import type { DesiredRole, PolicyAttachment } from '../model/desired.js';
import { roleKey } from '../model/keys.js';
import type { ObservedRole, ObservedRoleSummary } from '../model/observed.js';
import { policiesEquivalent } from '../policy/normalise.js';
import { parsePolicyJson, serialisePolicy } from '../policy/parse.js';
import { isDetailedRole } from './observed-state.js';
import { isRetained } from './tags.js';
import type { ChangeAction, FieldChange, RoleDiff } from './types.js';
import { prettySent } from './pretty.js';
import { conflictReason, keptReason, ownershipDrift, resultFor, undeclaredFate, type DiffOptions, type ResultFn } from './diff-common.js';

export const attachmentId = (a: PolicyAttachment): string => `${a.policyType}:${a.policyName}`;

export function diffRole(
  account: { accountName: string; accountId: string },
  desired: DesiredRole | undefined,
  observed: ObservedRoleSummary | ObservedRole | undefined,
  options: DiffOptions,
): RoleDiff {
  const name = desired?.roleName ?? observed?.roleName ?? '';
  const result = resultFor<RoleDiff>({ key: roleKey(account.accountId, name), kind: 'role', ...account, name, attach: [], detach: [] });

  if (desired === undefined) {
    if (observed === undefined) return result('none');
    const fate = undeclaredFate(observed.tags, options.ownerId);
    if (fate === 'none') return result('none');
    if (fate !== 'prunable') return result('orphan', { reasons: [fate.orphan] });
    return orphanOrDelete(observed, options, result);
  }
  const newTrust = serialisePolicy(desired.trust);
  if (observed === undefined) {
    return result('create', {
      desired,
      trust: { new: newTrust },
      attach: [...desired.policies],
      reasons: ['role does not exist'],
      changes: [{ field: 'trust', new: prettySent(newTrust) }, ...desired.policies.map((p) => ({ field: 'policy', new: attachmentId(p) }))],
    });
  }
  const conflict = conflictReason(observed.tags, desired.adopt, options.ownerId, 'role');
  if (conflict !== undefined) return result('conflict', { desired, reasons: [conflict] });
  if (!isDetailedRole(observed)) {
    return result('error', { desired, error: { message: `role ${name} was listed but not read` } });
  }
  return diffExisting(desired, observed, newTrust, result, options.ownerId);
}

function orphanOrDelete(
  observed: ObservedRoleSummary | ObservedRole,
  options: DiffOptions,
  result: ResultFn<RoleDiff>,
): RoleDiff {
  const kept = keptReason(isRetained(observed.tags), options);
  if (kept !== undefined) return result('orphan', { reasons: [kept] });
  if (!isDetailedRole(observed)) return result('error', { error: { message: `role ${observed.roleName} was listed but not read` } });
  return result('delete', {
    observed,
    detach: [...observed.attachedPolicies],
    reasons: ['not in the manifests'],
    changes: [{ field: 'role', old: observed.arn }],
  });
}

function diffExisting(
  desired: DesiredRole,
  observed: ObservedRole,
  newTrust: string,
  result: ResultFn<RoleDiff>,
  ownerId: string,
): RoleDiff {
  const reasons: string[] = [];
  const changes: FieldChange[] = [];
  const extra: Partial<RoleDiff> = { desired, observed };

  const drift = ownershipDrift(observed.tags, desired, 'role', ownerId);
  if (drift) {
    extra.tags = drift.tags;
    reasons.push(drift.reason);
  }
  const parsed = parsePolicyJson(observed.trustDocument);
  if (!parsed.ok || !policiesEquivalent(parsed.document, desired.trust)) {
    extra.trust = { old: observed.trustDocument, new: newTrust };
    reasons.push('trust policy differs');
    changes.push({ field: 'trust', old: prettySent(observed.trustDocument), new: prettySent(newTrust) });
  }
  // RAM rejects an empty NewDescription (1–1024 chars), so an empty desired description never clears one.
  if (desired.description !== '' && desired.description !== observed.description) {
    extra.description = desired.description;
    reasons.push('description differs');
    changes.push({ field: 'description', old: observed.description, new: desired.description });
  }
  if (desired.maxSessionDuration !== observed.maxSessionDuration) {
    extra.maxSessionDuration = desired.maxSessionDuration;
    reasons.push('maxSessionDuration differs');
    changes.push({ field: 'maxSessionDuration', old: observed.maxSessionDuration, new: desired.maxSessionDuration });
  }
  const have = new Set(observed.attachedPolicies.map(attachmentId));
  const want = new Set(desired.policies.map(attachmentId));
  const attach = uniqueBy(desired.policies.filter((p) => !have.has(attachmentId(p))));
  const detach = uniqueBy(observed.attachedPolicies.filter((p) => !want.has(attachmentId(p))));
  if (attach.length > 0) reasons.push('policies to attach');
  if (detach.length > 0) reasons.push('extra policies attached (attachments are authoritative)');
  for (const p of attach) changes.push({ field: 'policy', new: attachmentId(p) });
  for (const p of detach) changes.push({ field: 'policy', old: attachmentId(p) });
  const action: ChangeAction = reasons.length > 0 ? 'update' : 'none';
  return result(action, { ...extra, attach, detach, reasons, changes });
}

function uniqueBy(list: PolicyAttachment[]): PolicyAttachment[] {
  const seen = new Map<string, PolicyAttachment>();
  for (const p of list) if (!seen.has(attachmentId(p))) seen.set(attachmentId(p), p);
  return [...seen.values()];
}
