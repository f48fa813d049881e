// The role chain of ECI's guide, link by link: ECI assumes ArnService in its own account (a role
// trusted by service eci.aliyuncs.com); across accounts that session assumes ArnUser in the
// registry's account (a role whose trust names exactly the ArnService role, and which the
// ArnService role may sts:AssumeRole: AliyunSTSAssumeRoleAccess). STS checks the caller's right to
// AssumeRole before it looks the target role up, so assume-permission comes before user-role.
import { parseRoleArn } from '../policy/arn.js';
import { ECI_SERVICE_PRINCIPAL } from '../policy/document.js';
import { evaluatePolicies } from '../policy/evaluate.js';
import { trustAdmits, trustPrincipals } from '../policy/trust.js';
import { decidingPolicy, documentsOf } from './explain.js';
import { STOP, type Stop, type Trail } from './trail.js';
import type { DoctorFacts, LinkName, RegistryInfo, RoleFacts } from './types.js';

export interface Puller {
  role: RoleFacts;
  accountId: string;
}

interface ChainInput {
  entry: RegistryInfo & { arnService: string };
  eciAccountId: string;
  registryAccountId: string;
}

async function readRole(facts: DoctorFacts, trail: Trail, link: LinkName, arn: string, accountId: string, roleName: string): Promise<RoleFacts | Stop> {
  const ram = facts.ram(accountId);
  if (!ram) return trail.unreadable(link, `cannot read ${arn}: no credentials for account ${accountId} (no Account manifest with this accountId)`);
  const read = await ram.role(roleName);
  if (!read.ok) return trail.unreadable(link, `cannot read ${arn}: ${read.reason}`);
  if (!read.value) return trail.broken(link, `role ${arn} does not exist`);
  return read.value;
}

function principalsText(role: RoleFacts): string {
  if (!role.trust) return 'an unreadable trust policy';
  const p = trustPrincipals(role.trust);
  const all = [...p.services.map((s) => `Service ${s}`), ...p.ramArns.map((a) => `RAM ${a}`), ...p.federated.map((f) => `Federated ${f}`)];
  if (p.wildcard) all.push('*');
  return all.length === 0 ? 'no principal' : all.join(', ');
}

export async function walkChain(input: ChainInput, facts: DoctorFacts, trail: Trail): Promise<Puller | Stop> {
  const { entry, eciAccountId, registryAccountId } = input;
  const service = parseRoleArn(entry.arnService);
  if (!service || service.accountId !== eciAccountId) {
    return trail.broken('service-role', `ArnService ${entry.arnService} is not a role of account ${eciAccountId}, where ECI runs`);
  }
  const serviceRole = await readRole(facts, trail, 'service-role', entry.arnService, service.accountId, service.roleName);
  if (serviceRole === STOP) return STOP;
  trail.ok('service-role', `role ${serviceRole.arn} exists in account ${eciAccountId}`);
  if (!serviceRole.trust || !trustAdmits(serviceRole.trust, { type: 'Service', service: ECI_SERVICE_PRINCIPAL })) {
    return trail.broken('service-trust', `role ${serviceRole.arn} does not trust service ${ECI_SERVICE_PRINCIPAL} (its trust admits ${principalsText(serviceRole)})`);
  }
  trail.ok('service-trust', `role ${serviceRole.arn} trusts service ${ECI_SERVICE_PRINCIPAL}`);
  if (entry.arnUser === undefined) {
    if (registryAccountId !== eciAccountId) {
      return trail.broken('registry-info', `the registry belongs to account ${registryAccountId}: the AcrRegistryInfo entry needs ArnUser, a role of that account`);
    }
    return { role: serviceRole, accountId: eciAccountId };
  }
  return walkUser({ ...input, arnUser: entry.arnUser }, serviceRole, facts, trail);
}

async function walkUser(input: ChainInput & { arnUser: string }, serviceRole: RoleFacts, facts: DoctorFacts, trail: Trail): Promise<Puller | Stop> {
  const { arnUser, eciAccountId, registryAccountId } = input;
  const user = parseRoleArn(arnUser);
  if (!user || user.accountId !== registryAccountId) {
    return trail.broken('user-role', `ArnUser ${arnUser} is not a role of account ${registryAccountId}, which owns the registry`);
  }
  const assume = evaluatePolicies(documentsOf(serviceRole.policies), { action: 'sts:AssumeRole', resource: arnUser }).decision;
  const why = decidingPolicy(serviceRole.policies, 'sts:AssumeRole', arnUser);
  if (assume !== 'Allow') return trail.broken('assume-permission', `role ${serviceRole.arn} may not sts:AssumeRole on ${arnUser}: ${why}`);
  trail.ok('assume-permission', `role ${serviceRole.arn} may sts:AssumeRole on ${arnUser}: ${why}`);
  const userRole = await readRole(facts, trail, 'user-role', arnUser, user.accountId, user.roleName);
  if (userRole === STOP) return STOP;
  trail.ok('user-role', `role ${userRole.arn} exists in account ${registryAccountId}`);
  const caller = { type: 'RAM' as const, accountId: eciAccountId, arn: serviceRole.arn };
  if (!userRole.trust || !trustAdmits(userRole.trust, caller)) {
    return trail.broken('user-trust', `role ${userRole.arn} does not trust ${serviceRole.arn} (its trust admits ${principalsText(userRole)})`);
  }
  const wider = userRole.trust && widerThan(userRole, serviceRole.arn);
  if (wider) trail.warn('user-trust', `role ${userRole.arn} trusts ${serviceRole.arn}, but also ${wider}: the guide names exactly the ArnService role`);
  else trail.ok('user-trust', `role ${userRole.arn} trusts exactly ${serviceRole.arn}`);
  return { role: userRole, accountId: registryAccountId };
}

/** Principals beyond the one role, e.g. the account root (every identity of that account). */
function widerThan(role: RoleFacts, serviceArn: string): string | undefined {
  if (!role.trust) return undefined;
  const p = trustPrincipals(role.trust);
  const others = [...p.ramArns.filter((a) => a !== serviceArn), ...p.services, ...p.federated, ...(p.wildcard ? ['*'] : [])];
  if (others.length === 0) return undefined;
  return others.map((a) => (a.endsWith(':root') ? `${a} (every RAM identity of account ${a.split(':')[3] ?? '?'})` : a)).join(', ');
}
