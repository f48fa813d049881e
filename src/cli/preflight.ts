// Configuration mistakes that can be seen before any call are input errors (exit 3), not cloud
// failures: a pipeline should not read "some resource did not converge" when a secret was never set.
import type { DesiredAccount } from '../model/desired.js';

/** One line per Account whose `source: env` credentials name a variable that is unset or empty. */
export function missingCredentialVariables(accounts: DesiredAccount[], env: Record<string, string | undefined>): string[] {
  return accounts.flatMap((account) => {
    const c = account.credentials;
    if (c.source !== 'env') return [];
    const required = [c.accessKeyIdEnv, c.accessKeySecretEnv];
    return required
      .filter((name) => !env[name])
      .map((name) => `Account ${account.name}: environment variable ${name} is not set (spec.credentials, source: env)`);
  });
}
