// Read-only RAM for `doctor`: a role's trust policy and the documents of its attached policies,
// system or custom, in 2 + (one GetPolicy per attachment) calls. GetPolicy returns the default
// version's document (DefaultPolicyVersion.PolicyDocument), so no ListPolicyVersions is needed.
import * as $Ram from '@alicloud/ram20150501';
import { tolerate } from './call.js';
import { policyResource, roleResource, type AccountContext } from './context.js';

export interface RoleWithPolicies {
  arn: string;
  trustDocument: string;
  policies: { policyName: string; policyType: 'System' | 'Custom'; document: string | undefined }[];
}

const roleMissing = (code: string) => code === 'EntityNotExist.Role';

export async function readRoleWithPolicies(c: AccountContext, roleName: string): Promise<RoleWithPolicies | undefined> {
  const resource = roleResource(c, roleName);
  const getCtx = { service: 'ram' as const, action: 'GetRole', resource };
  const got = await tolerate(c.run(getCtx, () => c.ram().getRole(new $Ram.GetRoleRequest({ roleName }))), roleMissing, undefined);
  const role = got?.body?.role;
  if (!role) return undefined;
  c.checkArn(role.arn, getCtx);
  const listCtx = { service: 'ram' as const, action: 'ListPoliciesForRole', resource };
  const attached = await tolerate(c.run(listCtx, () => c.ram().listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName }))), roleMissing, undefined);
  if (!attached) return undefined;
  const policies = await Promise.all(
    (attached.body?.policies?.policy ?? []).map(async (p) => {
      const policyName = p.policyName ?? '';
      const policyType = p.policyType === 'System' ? ('System' as const) : ('Custom' as const);
      return { policyName, policyType, document: await policyDocument(c, policyName, policyType) };
    }),
  );
  return { arn: role.arn ?? '', trustDocument: role.assumeRolePolicyDocument ?? '', policies };
}

async function policyDocument(c: AccountContext, policyName: string, policyType: 'System' | 'Custom'): Promise<string | undefined> {
  const resource = policyType === 'System' ? `system policy ${policyName}` : policyResource(c, policyName);
  const got = await tolerate(
    c.run({ service: 'ram', action: 'GetPolicy', resource }, () => c.ram().getPolicy(new $Ram.GetPolicyRequest({ policyName, policyType }))),
    (code) => code === 'EntityNotExist.Policy',
    undefined,
  );
  return got?.body?.defaultPolicyVersion?.policyDocument ?? got?.body?.policy?.policyDocument;
}
