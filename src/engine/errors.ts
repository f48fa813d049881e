// Turning thrown errors into printable data. CloudErrors are already redacted by the adapter;
// anything else is a bug or an environment problem and is reported by message only, never a stack.
import { CloudError } from '../cloud/provider.js';
import type { ErrorInfo } from '../plan/observed-state.js';

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof CloudError) {
    const d = error.details;
    return {
      message: error.message,
      code: d.code,
      classification: d.classification,
      ...(d.requestId ? { requestId: d.requestId } : {}),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

export const isNotFound = (error: unknown): boolean => error instanceof CloudError && error.details.classification === 'not-found';
export const isAlreadyExists = (error: unknown): boolean => error instanceof CloudError && error.details.classification === 'already-exists';

/** A conflict found by the engine itself (not returned by the cloud), e.g. a create racing a human. */
export function engineConflict(resource: string, message: string): CloudError {
  return new CloudError(`${resource}: ${message}`, { classification: 'conflict', code: 'NotManaged', resource });
}
