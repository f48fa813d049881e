// RamRole and RamPolicy manifests → desired roles and policies, references resolved to ARNs and
// documents checked against RAM's grammar and size limit.
import { roleArn, type DesiredPolicy, type DesiredRole, type PolicyAttachment } from '../model/desired.js';
import { checkPolicyGrammar, type PolicyKind } from '../policy/grammar.js';
import { POLICY_DOCUMENT_MAX_CHARS, serialisePolicy } from '../policy/parse.js';
import type { PolicyDocument, PrincipalBlock } from '../policy/document.js';
import { accountOf, lookup, originOf, report, type Context } from './context.js';
import type { PathSegment } from './source.js';
import type { Manifest } from './types.js';

/** A desired object and the manifest node its name comes from (for duplicate-identity reports). */
export interface Located<T> {
  value: T;
  manifest: Manifest;
  namePath: PathSegment[];
}

export const roleNameOf = (m: Manifest<'RamRole'>): string => m.spec.roleName ?? m.name;
export const policyNameOf = (m: Manifest<'RamPolicy'>): string => m.spec.policyName ?? m.name;

/** The ARN a `roleRef` stands for, when the role's account resolved. */
export function arnOfRoleRef(ctx: Context, m: Manifest<'RamRole'>): string | undefined {
  const account = ctx.accounts.get(m.spec.account);
  return account === undefined ? undefined : roleArn(account.accountId, roleNameOf(m));
}

export function resolveRoles(ctx: Context): Located<DesiredRole>[] {
  const out: Located<DesiredRole>[] = [];
  for (const m of ctx.manifests.RamRole.values()) {
    const account = accountOf(ctx, m, ['spec', 'account'], m.spec.account);
    const trust = trustOf(ctx, m);
    const policies = attachmentsOf(ctx, m);
    if (account === undefined || trust === undefined || policies === undefined) continue;
    const role: DesiredRole = {
      account: account.name,
      accountId: account.accountId,
      roleName: roleNameOf(m),
      description: m.spec.description ?? '',
      maxSessionDuration: m.spec.maxSessionDuration ?? 3600,
      trust,
      policies,
      adopt: m.spec.adopt ?? false,
      deletionPolicy: m.spec.deletionPolicy ?? 'Delete',
      origin: originOf(m),
    };
    out.push({ value: role, manifest: m, namePath: m.spec.roleName === undefined ? ['metadata', 'name'] : ['spec', 'roleName'] });
  }
  return out;
}

function trustOf(ctx: Context, m: Manifest<'RamRole'>): PolicyDocument | undefined {
  const { services, principals, document } = m.spec.trust;
  if (document !== undefined) {
    if (services !== undefined || principals !== undefined) {
      report(ctx, m, ['spec', 'trust', 'document'], 'CONFLICTING_FIELDS', 'trust has both a raw document and services/principals', {
        hint: 'write either trust.document or trust.services/trust.principals',
      });
      return undefined;
    }
    return checkDocument(ctx, m, ['spec', 'trust', 'document'], document, 'trust') ? document : undefined;
  }
  if ((services ?? []).length === 0 && (principals ?? []).length === 0) {
    report(ctx, m, ['spec', 'trust'], 'EMPTY_TRUST', 'the trust policy admits nobody, so the role could never be assumed', {
      hint: 'add trust.services (e.g. [eci.aliyuncs.com]) or trust.principals',
    });
    return undefined;
  }
  const ram: string[] = [];
  let ok = true;
  (principals ?? []).forEach((p, i) => {
    if (p.arn !== undefined) return void ram.push(p.arn);
    const target = lookup(ctx, m, ['spec', 'trust', 'principals', i, 'roleRef'], 'RamRole', p.roleRef);
    const arn = target === undefined ? undefined : arnOfRoleRef(ctx, target);
    if (arn === undefined) ok = false;
    else ram.push(arn);
  });
  if (!ok) return undefined;
  const principal: PrincipalBlock = {};
  if (ram.length > 0) principal.RAM = ram;
  if ((services ?? []).length > 0) principal.Service = [...(services as string[])];
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal }] };
}

function attachmentsOf(ctx: Context, m: Manifest<'RamRole'>): PolicyAttachment[] | undefined {
  const out: PolicyAttachment[] = [];
  let ok = true;
  (m.spec.policies ?? []).forEach((p, i) => {
    if (p.system !== undefined) return void out.push({ policyType: 'System', policyName: p.system });
    const path = ['spec', 'policies', i, 'policyRef'];
    const target = lookup(ctx, m, path, 'RamPolicy', p.policyRef);
    if (target === undefined) return void (ok = false);
    if (target.spec.account !== m.spec.account) {
      report(ctx, m, path, 'WRONG_ACCOUNT', `RamPolicy "${target.name}" is in account "${target.spec.account}", but this role is in "${m.spec.account}"`, {
        hint: 'RAM attaches only custom policies of the same account; define the policy in the role\'s account',
      });
      return void (ok = false);
    }
    out.push({ policyType: 'Custom', policyName: policyNameOf(target) });
  });
  return ok ? out : undefined;
}

export function resolvePolicies(ctx: Context): Located<DesiredPolicy>[] {
  const out: Located<DesiredPolicy>[] = [];
  for (const m of ctx.manifests.RamPolicy.values()) {
    const account = accountOf(ctx, m, ['spec', 'account'], m.spec.account);
    const nameOk = checkDefaultPolicyName(ctx, m);
    const docOk = checkDocument(ctx, m, ['spec', 'document'], m.spec.document, 'permission');
    if (account === undefined || !nameOk || !docOk) continue;
    const policy: DesiredPolicy = {
      account: account.name,
      accountId: account.accountId,
      policyName: policyNameOf(m),
      description: m.spec.description ?? '',
      document: m.spec.document,
      adopt: m.spec.adopt ?? false,
      deletionPolicy: m.spec.deletionPolicy ?? 'Delete',
      origin: originOf(m),
    };
    out.push({ value: policy, manifest: m, namePath: m.spec.policyName === undefined ? ['metadata', 'name'] : ['spec', 'policyName'] });
  }
  return out;
}

function checkDefaultPolicyName(ctx: Context, m: Manifest<'RamPolicy'>): boolean {
  if (m.spec.policyName !== undefined || !m.name.includes('.')) return true;
  report(ctx, m, ['metadata', 'name'], 'INVALID_POLICY_NAME', `"${m.name}" cannot be a RAM policy name: policy names allow only letters, digits and "-"`, {
    hint: `set spec.policyName, e.g. ${m.name.replace(/\./g, '-')}`,
  });
  return false;
}

// Problems about a key's presence point at the key; the rest at the offending value.
const KEY_PROBLEMS = new Set(['policy.unknown-key', 'policy.resource-unexpected', 'policy.principal-unexpected', 'policy.not-resource']);

/** Grammar problems at their exact node inside the YAML document, then the serialised size. */
function checkDocument(ctx: Context, m: Manifest, at: PathSegment[], doc: PolicyDocument, kind: PolicyKind): boolean {
  const problems = checkPolicyGrammar(doc, kind);
  for (const p of problems) {
    report(ctx, m, [...at, ...p.path], 'POLICY_GRAMMAR', `${p.message} (${p.code})`, KEY_PROBLEMS.has(p.code) ? { anchor: 'key' } : {});
  }
  if (problems.length > 0) return false;
  const length = serialisePolicy(doc).length;
  if (length <= POLICY_DOCUMENT_MAX_CHARS) return true;
  report(ctx, m, at, 'POLICY_TOO_LONG', `the document is ${length} characters as JSON; RAM allows at most ${POLICY_DOCUMENT_MAX_CHARS}`, {
    hint: 'merge statements, use wildcards in Action/Resource, or split it into two policies',
  });
  return false;
}
