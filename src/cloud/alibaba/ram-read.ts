// Read-only RAM for `doctor`: a role's trust policy and the documents of its attached policies,
// system or custom, in 2 + (one GetPolicy per attachment) calls. GetPolicy returns the default
// version's document (DefaultPolicyVersion.PolicyDocument), so no ListPolicyVersions is needed.
import * as $Ram from '@alicloud/ram20150501';
import { tolerate } from './call.js';
import { policyResource, type AccountContext } from './context.js';
import { readRoleAndAttachments } from './ram-roles.js';

export interface RoleWithPolicies {
  arn: string;
  trustDocument: string;
  policies: { policyName: string; policyType: 'System' | 'Custom'; document: string | undefined }[];
}

export async function readRoleWithPolicies(c: AccountContext, roleName: string): Promise<RoleWithPolicies | undefined> {
  const read = await readRoleAndAttachments(c, roleName);
  if (!read) return undefined;
  const policies = await Promise.all(
    read.attached.map(async ({ policyName, policyType }) => ({ policyName, policyType, document: await policyDocument(c, policyName, policyType) })),
  );
  return { arn: read.role.arn ?? '', trustDocument: read.role.assumeRolePolicyDocument ?? '', policies };
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
