// What the daemon needs from the engine and the manifests stage. engine-adapter.ts picks these fields
// from the engine's PassReport/KeyOutcome, so the loop, status and metrics logic is tested with plain
// data and does not change when the engine's report grows. The requeue decision is the engine's own
// word, passed through: the daemon does not decide a retry a second time.
import type { Priority } from '../cloud/limiter.js';
import type { Requeue } from '../engine/requeue.js';
import type { InstanceNameAnswer, InstanceNameLookup } from '../model/instance-names.js';
import type { DesiredAccount, DesiredState } from '../model/desired.js';
import type { DigestedRead } from '../manifests/digest.js';
import type { StatusError } from './status.js';

export interface KeyReport {
  key: string;
  /** The engine's decision, passed through unchanged: the controller's switch interprets it. */
  requeue: Requeue;
  /** The Account manifest name the resource lives in. */
  account?: string;
  /** The reconciler wrote to the cloud for this resource. */
  applied: boolean;
  /** The resource existed but differed from the desired state (console edit, other tool). */
  drifted: boolean;
  /** Short descriptions of what was applied, for the change log line. */
  changes?: string[];
  error?: StatusError;
  /** An image cache's status as last observed (Creating, Ready, Failed …). */
  status?: string;
  /** Annotated suspend: left untouched; `drifted` still says whether it differs. */
  suspended?: boolean;
  /** reconcileKey only: the key is no longer in the desired state. */
  gone?: boolean;
}

export interface PassSummary {
  keys: KeyReport[];
  /** The prune guard refused the pass's deletions (nothing was written): why. */
  refused?: string;
}

export interface EngineRunOptions {
  prune: boolean;
  /**
   * reconcileAll only: `incremental` reads in detail only what the list pages show moved since the
   * last pass; `deep` (the default) reads everything and rebuilds that memory (src/engine/incremental.ts).
   */
  mode?: 'deep' | 'incremental';
  /** Aborted only when the shutdown timeout expires: in-flight calls may finish before that. */
  signal: AbortSignal;
  /** Background work (resync, cache polls) reads within `--background-quota-share`; foreground work uses the full budget. */
  priority: Priority;
}

export type InstanceNames = ReadonlyMap<string, InstanceNameAnswer>;

export interface DaemonEngine {
  reconcileAll(desired: DesiredState, options: EngineRunOptions): Promise<PassSummary>;
  reconcileKey(key: string, desired: DesiredState, options: EngineRunOptions): Promise<KeyReport>;
  /**
   * AcrPullAccess instanceNames looked up in ACR (ListInstance in the registry account), as `plan`
   * does. `fresh`: read every name again (a deep pass) instead of reusing the ids found before.
   */
  lookUpInstanceNames?(accounts: DesiredAccount[], lookups: InstanceNameLookup[], fresh: boolean): Promise<InstanceNames>;
}

export interface ManifestProblem {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export interface ManifestLoad {
  /** Present only when the manifests are valid. */
  state?: DesiredState;
  errors: ManifestProblem[];
  /** Non-blocking findings (e.g. CUSTOM_ENDPOINTS), logged by the daemon whenever they change. */
  warnings?: ManifestProblem[];
  /**
   * The digests of the files read, for the prune confirmation. Without them a read can never
   * confirm a deletion (unless the confirmation is turned off).
   */
  read?: DigestedRead;
  /**
   * Valid manifests whose AcrPullAccesses name instances by instanceName: `state` is absent until
   * the names are looked up and the loader is called again with the answers.
   */
  instanceNameLookups?: { accounts: DesiredAccount[]; lookups: InstanceNameLookup[] };
}

/** Loads the manifests; with `instanceNames`, every instanceName must be among the answers. */
export type ManifestLoader = (instanceNames?: InstanceNames) => ManifestLoad;
