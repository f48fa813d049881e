// The role chain ECI walks for an AcrRegistryInfo entry: the service assumes ArnService in the
// pulling account; across accounts that session assumes ArnUser in the registry's account. Each
// check returns the message that names the broken link, or the role ARN that ends the chain.
import { ECI_SERVICE_PRINCIPAL } from '../../policy/document.js';
import { parseRoleArn } from '../../policy/arn.js';
import type { AcrRegistryInfo, PullLink, PullWorld } from './types.js';

export type ChainResult =
  | { ok: true; pullerAccountId: string; pullerRoleName: string; pullerArn: string }
  | { ok: false; link: PullLink; message: string };

const fail = (link: PullLink, message: string): ChainResult => ({ ok: false, link, message });

export function walkChain(
  world: PullWorld,
  entry: AcrRegistryInfo & { arnService: string },
  pullingAccountId: string,
  registryAccountId: string,
  registryLabel: string,
): ChainResult {
  const service = parseRoleArn(entry.arnService);
  if (!service || service.accountId !== pullingAccountId) {
    return fail('arn-service', `ArnService ${entry.arnService} is not a role of account ${pullingAccountId}, which owns the ECI resource`);
  }
  const serviceRole = world.ram.role(service.accountId, service.roleName);
  if (!serviceRole) return fail('arn-service', `role ${entry.arnService} does not exist`);
  if (!world.policy.trustsService(serviceRole.trust, ECI_SERVICE_PRINCIPAL)) {
    return fail('service-trust', `role ${entry.arnService} does not trust service ${ECI_SERVICE_PRINCIPAL}`);
  }
  if (entry.arnUser === undefined) {
    if (registryAccountId !== pullingAccountId) {
      return fail('acr-registry-info', `${registryLabel} belongs to another account: the AcrRegistryInfo entry needs ArnUser (a role of account ${registryAccountId})`);
    }
    return { ok: true, pullerAccountId: service.accountId, pullerRoleName: service.roleName, pullerArn: serviceRole.arn };
  }
  const user = parseRoleArn(entry.arnUser);
  if (!user || user.accountId !== registryAccountId) {
    return fail('arn-user', `ArnUser ${entry.arnUser} is not a role of account ${registryAccountId}, which owns ${registryLabel}`);
  }
  const servicePolicies = world.ram.policiesOf(service.accountId, { kind: 'role', roleName: service.roleName });
  if (world.policy.evaluate(servicePolicies, 'sts:AssumeRole', entry.arnUser) !== 'Allow') {
    return fail('assume-permission', `role ${entry.arnService} is not allowed sts:AssumeRole on ${entry.arnUser}`);
  }
  const userRole = world.ram.role(user.accountId, user.roleName);
  if (!userRole) return fail('arn-user', `role ${entry.arnUser} does not exist`);
  if (!world.policy.trustsRole(userRole.trust, serviceRole.arn, service.accountId)) {
    return fail('role-trust', `role ${entry.arnUser} does not trust ${entry.arnService}`);
  }
  return { ok: true, pullerAccountId: user.accountId, pullerRoleName: user.roleName, pullerArn: userRole.arn };
}
