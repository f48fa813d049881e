// Registry facts read from ACR for advice, never for deciding a write: an account whose credentials
// may not read ACR (or whose ACR read fails) degrades to the facts the manifests declare, with one
// line saying so per account and run, and nothing fails because of it.
import type { CloudProvider } from '../cloud/provider.js';
import { CloudError } from '../cloud/provider.js';
import type { RegistryCatalog } from '../cloud/registry.js';
import type { InstanceNameAnswer, InstanceNameLookup } from '../model/instance-names.js';
import type { Logger } from '../runtime/logger.js';

export type Read<T> = { ok: true; value: T } | { ok: false };

export class RegistryFacts {
  private readonly degraded = new Set<string>();

  constructor(
    private readonly provider: CloudProvider,
    private readonly logger: Logger,
  ) {}

  /** Runs `fn` on the account's catalog; a CloudError degrades the account (said once) and reads as `{ ok: false }`. */
  async read<T>(account: string, fn: (catalog: RegistryCatalog) => Promise<T>): Promise<Read<T>> {
    if (this.degraded.has(account) || !this.provider.registry) return { ok: false };
    try {
      return { ok: true, value: await fn(this.provider.registry(account)) };
    } catch (error) {
      if (!(error instanceof CloudError)) throw error;
      this.degrade(account, error);
      return { ok: false };
    }
  }

  private degrade(account: string, error: CloudError): void {
    this.degraded.add(account);
    const why = error.details.classification === 'permission' ? `its credentials may not read Container Registry (${error.details.code} on ${error.details.action})` : `reading Container Registry failed (${error.message})`;
    this.logger.warn(`ACR: account ${account}: ${why}; using the registry facts the manifests declare, without checking images against ACR`, { account, code: error.details.code });
  }
}

/**
 * One ListInstance per name (a name can be used by several accesses). A name that ACR does not know,
 * or that cannot be looked up, is answered with a problem naming the account and region: the loader
 * reports it at that access's instanceName, and the run stops before any call that writes.
 */
export async function lookUpInstanceNames(lookups: readonly InstanceNameLookup[], facts: RegistryFacts): Promise<Map<string, InstanceNameAnswer>> {
  const answers = new Map<string, InstanceNameAnswer>();
  for (const l of lookups) {
    if (answers.has(l.key)) continue;
    const where = `account ${l.account} (${l.accountId}), region ${l.regionId}`;
    const found = await facts.read(l.account, (c) => c.findInstanceByName(l.regionId, l.instanceName));
    if (!found.ok) answers.set(l.key, { problem: `instanceName "${l.instanceName}" could not be looked up in ACR of ${where} (see the ACR line above)` });
    else if (!found.value) answers.set(l.key, { problem: `no ACR Enterprise instance named "${l.instanceName}" in ${where}` });
    else answers.set(l.key, { instanceId: found.value.instanceId });
  }
  return answers;
}
