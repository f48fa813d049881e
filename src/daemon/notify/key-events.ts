// Which notification a key report or a failed load is: the daemon's facts turned into EventFacts.
// Kept apart from daemon.ts so the rules (one episode per failing resource, credentials by
// account, drift only at an unchanged revision) read in one place.
import { CREDENTIALS_OF } from '../../cloud/alibaba/oidc-credentials.js';
import type { KeyReport, ManifestProblem } from '../engine-port.js';
import type { DaemonEvents, EventFacts } from './types.js';

export interface KeyContext {
  revision: string | undefined;
  /** The resource was last reconciled at this same revision: a change now is drift. */
  sameRevision: boolean;
}

export function keyEvents(events: DaemonEvents, report: KeyReport, context: KeyContext): void {
  const base: Omit<EventFacts, 'type'> = {
    resource: report.key,
    ...(report.account ? { account: report.account } : {}),
    ...(context.revision ? { revision: context.revision } : {}),
  };
  if (report.error) {
    const { message, code, requestId } = report.error;
    const facts = { ...base, detail: message, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };
    // A credential that no longer renews fails every resource of its Account: one episode per Account.
    const credentials = CREDENTIALS_OF.exec(message);
    if (credentials) events.problem({ ...facts, type: 'credentials failing', account: credentials[1]! });
    else events.problem({ ...facts, type: 'reconcile failed' });
    return;
  }
  events.resolved('reconcile failed', report.key);
  if (report.account) events.resolved('credentials failing', report.account);
  if (report.drifted && report.applied && context.sameRevision) {
    events.happened({ ...base, type: 'drift corrected', ...(report.changes ? { detail: report.changes.join('; ') } : {}) });
  }
}

/** The "manifests invalid" facts: the first error, where it is, and how many there are. */
export function manifestProblemFacts(errors: readonly ManifestProblem[], revision: string | undefined): EventFacts {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return {
    type: 'manifests invalid',
    ...(first ? { detail: `${first.code}: ${first.message}${more}`, location: `${first.file}:${first.line}:${first.column}`, code: first.code } : {}),
    ...(revision ? { revision } : {}),
  };
}
