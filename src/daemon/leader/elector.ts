// Leader election on a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection does it:
// - a candidate acquires the Lease when it does not exist, names nobody, or its holder has not renewed
//   it for the lease duration, measured on this candidate's own clock from when it last saw the record
//   change (observedAt), never from the holder's renewTime, so clock skew between pods does not matter;
// - the leader renews every retry period; a renewal round that has not succeeded within the renew
//   deadline means the leadership is lost. With renewDeadline + retryPeriod < leaseDuration the leader
//   knows it is no longer safe to write before any candidate can take the Lease over;
// - on a clean shutdown the leader releases the Lease (holder cleared), so a standby takes over at its
//   next retry instead of waiting out the lease duration.
// Every write is a replace at the resourceVersion read (optimistic concurrency): two candidates racing
// for an expired Lease cannot both win, the loser gets 409 Conflict. All timing is on the injected clock.
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { redactText } from '../../runtime/redact.js';
import type { LeaseRecord, LeaseStore, StoredLease } from './lease-store.js';

export interface ElectionTiming {
  /** How long a Lease not renewed stays the holder's (client-go default 15s). */
  leaseDurationMs: number;
  /** How long the leader keeps retrying a renewal before it gives up leading (default 10s). */
  renewDeadlineMs: number;
  /** Between attempts to acquire or renew (default 2s). */
  retryPeriodMs: number;
}

export const DEFAULT_TIMING: ElectionTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** client-go's own checks (leaderelection.NewLeaderElector): the deadline must fall inside the lease. */
export function timingProblem(t: ElectionTiming): string | undefined {
  if (t.leaseDurationMs < 1_000 || t.leaseDurationMs % 1_000 !== 0) return 'the lease duration must be whole seconds (the Lease stores seconds)';
  if (t.renewDeadlineMs + t.retryPeriodMs >= t.leaseDurationMs) return 'renew deadline + retry period must be shorter than the lease duration, or a leader could still write after a standby took over';
  if (t.retryPeriodMs <= 0) return 'the retry period must be positive';
  return undefined;
}

export interface ElectorOptions {
  store: LeaseStore;
  identity: string;
  clock: Clock;
  timing: ElectionTiming;
  logger: Logger;
}

export interface ElectionStatus {
  identity: string;
  lease: string;
  leading: boolean;
  /** The holder as last read ('' or absent: nobody). */
  holder?: string;
}

interface Observed {
  lease: StoredLease;
  /** The record as text: a change of it restarts the holder's lease-duration count. */
  text: string;
  /** This candidate's clock when it first saw this record. */
  at: number;
}

export class LeaderElector {
  private observed: Observed | undefined;
  private leadingNow = false;
  /** The last acquire-or-renew attempt; hold() may return on a stop while it is still in flight. */
  private attempt: Promise<boolean> | undefined;

  constructor(private readonly options: ElectorOptions) {}

  get leading(): boolean {
    return this.leadingNow;
  }

  status(): ElectionStatus {
    const holder = this.observed?.lease.record.holderIdentity;
    return { identity: this.options.identity, lease: this.options.store.describe, leading: this.leadingNow, ...(holder ? { holder } : {}) };
  }

  /** Tries every retry period until this candidate holds the Lease (true) or `signal` aborts (false). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    const { clock, timing, logger } = this.options;
    for (;;) {
      if (signal.aborted) return false;
      if (await this.tryAcquireOrRenew()) {
        this.leadingNow = true;
        logger.info('leader election: acquired the lease; this replica reconciles', { ...this.status() });
        return true;
      }
      if (!(await sleepOn(clock, timing.retryPeriodMs, signal))) return false;
    }
  }

  /**
   * While leading: renews every retry period. Resolves `lost` when a renewal round has not succeeded
   * within the renew deadline (a hung call counts as failing once the deadline passes), `stopped`
   * when `signal` aborts.
   */
  async hold(signal: AbortSignal): Promise<'lost' | 'stopped'> {
    const { clock, timing } = this.options;
    for (;;) {
      if (!(await sleepOn(clock, timing.retryPeriodMs, signal))) return 'stopped';
      const deadline = clock.now() + timing.renewDeadlineMs;
      for (;;) {
        const left = deadline - clock.now();
        const renewed = left > 0 && (await withinDeadline(clock, this.tryAcquireOrRenew(), left, signal));
        if (signal.aborted) return 'stopped';
        if (renewed) break;
        if (clock.now() >= deadline) {
          this.leadingNow = false;
          this.options.logger.error('leader election: could not renew the lease within the renew deadline; stopping all writes', { ...this.status(), renewDeadlineSeconds: timing.renewDeadlineMs / 1000 });
          return 'lost';
        }
        if (!(await sleepOn(clock, Math.min(timing.retryPeriodMs, deadline - clock.now()), signal))) return 'stopped';
      }
    }
  }

  /** Hands the Lease back (holder cleared, as client-go's ReleaseOnCancel does), so a standby need not wait it out. */
  async release(): Promise<boolean> {
    // A renewal in flight when the stop came would move the resourceVersion under the release (409,
    // and the standby waits the Lease out): let it land first, for at most one retry period.
    if (this.attempt) await withinDeadline(this.options.clock, this.attempt, this.options.timing.retryPeriodMs, new AbortController().signal);
    const observed = this.observed;
    const wasLeading = this.leadingNow;
    this.leadingNow = false;
    if (!wasLeading || observed?.lease.record.holderIdentity !== this.options.identity) return false;
    const record: LeaseRecord = { leaseDurationSeconds: 1, ...(observed.lease.record.leaseTransitions !== undefined ? { leaseTransitions: observed.lease.record.leaseTransitions } : {}) };
    try {
      await this.options.store.replace(record, observed.lease.resourceVersion);
      this.options.logger.info('leader election: released the lease', { lease: this.options.store.describe });
      return true;
    } catch (error) {
      this.options.logger.warn('leader election: could not release the lease; a standby takes over once it expires', { lease: this.options.store.describe, error: describe(error) });
      return false;
    }
  }

  /** One attempt: true when this candidate holds the Lease afterwards. Never throws. */
  tryAcquireOrRenew(): Promise<boolean> {
    this.attempt = this.acquireOrRenewOnce();
    return this.attempt;
  }

  private async acquireOrRenewOnce(): Promise<boolean> {
    const { store, identity, clock, timing } = this.options;
    try {
      const current = await store.get();
      if (current === undefined) {
        this.see(await store.create(this.recordFor(undefined, clock.now())), clock.now());
        return true;
      }
      this.see(current, clock.now());
      const held = current.record.holderIdentity;
      if (held && held !== identity) {
        const durationMs = (current.record.leaseDurationSeconds ?? timing.leaseDurationMs / 1000) * 1000;
        if (this.observed!.at + durationMs > clock.now()) return false;
      }
      this.see(await store.replace(this.recordFor(current.record, clock.now()), current.resourceVersion), clock.now());
      return true;
    } catch (error) {
      // 409 (another candidate wrote first), a refused or failed call: not ours this time.
      this.options.logger.debug('leader election: attempt failed', { lease: store.describe, error: describe(error) });
      return false;
    }
  }

  private recordFor(previous: LeaseRecord | undefined, now: number): LeaseRecord {
    const { identity, timing } = this.options;
    const at = new Date(now).toISOString();
    const ours = previous?.holderIdentity === identity;
    return {
      holderIdentity: identity,
      leaseDurationSeconds: timing.leaseDurationMs / 1000,
      acquireTime: ours && previous?.acquireTime ? previous.acquireTime : at,
      renewTime: at,
      leaseTransitions: ours ? (previous?.leaseTransitions ?? 0) : (previous?.leaseTransitions ?? -1) + 1,
    };
  }

  private see(lease: StoredLease, now: number): void {
    const text = JSON.stringify(lease.record);
    if (this.observed?.text === text && this.observed.lease.resourceVersion === lease.resourceVersion) return;
    this.observed = { lease, text, at: now };
  }
}

/** Sleeps on the clock; false when `signal` aborted instead. */
async function sleepOn(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}

/** The attempt's result, or false once `ms` passed on the clock (the call is left to finish unheeded). */
async function withinDeadline(clock: Clock, attempt: Promise<boolean>, ms: number, signal: AbortSignal): Promise<boolean> {
  const timer = new AbortController();
  const stop = () => timer.abort();
  signal.addEventListener('abort', stop, { once: true });
  const late = clock.sleep(ms, timer.signal).then(
    () => false,
    () => false,
  );
  try {
    return await Promise.race([attempt, late]);
  } finally {
    timer.abort();
    signal.removeEventListener('abort', stop);
  }
}

const describe = (error: unknown): string => redactText(error instanceof Error ? error.message : String(error));
