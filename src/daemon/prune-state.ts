// What --prune may do in the daemon's next pass, and what /status and /readyz say about it:
// the confirmation rule (prune-confirm.ts) applied to each load, plus the states a pass reports
// back (manifests unusable, deletions refused by the guard). State changes are logged once.
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { ManifestLoad } from './engine-port.js';
import { PruneConfirmation } from './prune-confirm.js';

/**
 * off (no --prune), suspended (manifests invalid or unreadable), waiting (for a confirming read),
 * confirmed (deletions allowed), refused (the prune guard refused the last pass's deletions).
 */
export interface PruneStatus {
  state: 'off' | 'suspended' | 'waiting' | 'confirmed' | 'refused';
  reason?: string;
  /** ISO time since which the files read have been unchanged (confirmed). */
  confirmedSince?: string;
  /** ISO time of the pass that may confirm (waiting). */
  nextCheck?: string;
}

export interface PruneDecisionForPass {
  allowed: boolean;
  /** Set while waiting: when to run the pass that can confirm. */
  recheckInMs?: number;
}

export class PruneState {
  status: PruneStatus;
  private readonly confirmation: PruneConfirmation;
  private confirmedSince: string | undefined;

  constructor(
    private readonly options: { requested: boolean; confirmMs: number; clock: Clock; logger: Logger },
  ) {
    this.confirmation = new PruneConfirmation(options.confirmMs);
    this.status = options.requested ? { state: 'waiting', reason: 'no pass yet' } : { state: 'off' };
  }

  /** Whether a pass over `load` may delete (docs/reconciler.md, "Prune confirmation"). */
  decide(load: ManifestLoad): PruneDecisionForPass {
    const { clock, requested } = this.options;
    if (!requested) return { allowed: false };
    if (!load.state || load.errors.length > 0) {
      this.suspend('the manifests are invalid; nothing is deleted until they are valid and confirmed');
      return { allowed: false };
    }
    const read = load.read ?? { digests: new Map<string, string>(), changedWhileRead: ['(the loader gave no file digests)'] };
    const decision = this.confirmation.observe({ at: clock.now(), ...read });
    if (decision.confirmed) {
      this.confirmedSince = new Date(decision.since).toISOString();
      // A refusal stays on show until a pass that may delete finishes without one (passFinished).
      if (this.status.state !== 'refused') this.set({ state: 'confirmed', confirmedSince: this.confirmedSince });
      return { allowed: true };
    }
    this.set({ state: 'waiting', reason: decision.reason, nextCheck: new Date(clock.now() + decision.retryInMs).toISOString() });
    return { allowed: false, recheckInMs: decision.retryInMs };
  }

  /** The manifests cannot be used: the next valid read starts the confirmation over. */
  suspend(reason: string): void {
    if (!this.options.requested) return;
    this.confirmation.reset();
    this.set({ state: 'suspended', reason });
  }

  /**
   * The engine finished a pass: `refused` is the guard's reason when it refused the deletions (B1;
   * the daemon is not ready until a pass that may delete is not refused).
   */
  passFinished(decision: PruneDecisionForPass, refused: string | undefined): void {
    if (refused !== undefined) this.set({ state: 'refused', reason: refused });
    else if (decision.allowed && this.status.state === 'refused') this.set({ state: 'confirmed', ...(this.confirmedSince ? { confirmedSince: this.confirmedSince } : {}) });
  }

  private set(next: PruneStatus): void {
    const { logger } = this.options;
    const changed = next.state !== this.status.state || next.reason !== this.status.reason;
    this.status = next;
    if (!changed) return;
    const meta = { prune: next.state, ...(next.reason ? { reason: next.reason } : {}) };
    if (next.state === 'refused') logger.error('prune refused; the pass failed', meta);
    else logger.info(next.state === 'confirmed' ? 'prune confirmed: deletions allowed' : 'prune on hold', meta);
  }
}
