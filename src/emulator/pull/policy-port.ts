// The pull model's view of src/policy: the same evaluator the gateway uses for NoPermission, so a
// permission the emulator accepts for an API call is judged the same way when ECI pulls.
import { evaluatePolicies } from '../../policy/evaluate.js';
import { trustAdmits } from '../../policy/trust.js';
import type { PullPolicy } from './types.js';

export const srcPolicy: PullPolicy = {
  evaluate: (docs, action, resource) => evaluatePolicies(docs, { action, resource }).decision,
  trustsService: (trust, service) => trustAdmits(trust, { type: 'Service', service }),
  trustsRole: (trust, roleArn, accountId) => trustAdmits(trust, { type: 'RAM', accountId, arn: roleArn }),
};
