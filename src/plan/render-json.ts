// The plan for machines. The schema is documented in docs/reconciler.md and versioned by
// `formatVersion`: fields may be added within a version, never renamed or removed.
import type { Plan } from './plan.js';
import type { Writer } from './render-text.js';
import { describeStep } from './steps.js';
import { isChange, type ResourceDiff } from './types.js';

export const PLAN_FORMAT_VERSION = 1;

export interface JsonPlan {
  formatVersion: 1;
  hasChanges: boolean;
  refused: string | null;
  impact: string;
  summary: Plan['summary'];
  /** Added in formatVersion 1: true for a `--target` plan, which lists its targets. */
  partial: boolean;
  targets: string[];
  accounts: {
    name: string;
    accountId: string;
    resources: JsonResource[];
  }[];
}

export interface JsonResource {
  key: string;
  kind: string;
  name: string;
  regionId?: string;
  action: string;
  impact: string;
  reasons: string[];
  changes: { field: string; old?: unknown; new?: unknown }[];
  status?: string;
  warning?: string;
  /** Annotated `eci-acr-reconciler/suspend: "true"`: its drift is shown, its steps are not made. */
  suspended?: true;
  error?: { message: string; code?: string; requestId?: string };
  steps: { stage: string; operation: string; description: string }[];
}

export function planToJson(plan: Plan): JsonPlan {
  const names = [...new Map(plan.diffs.map((d) => [d.accountName, d.accountId])).entries()];
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    hasChanges: plan.steps.length > 0 || plan.diffs.some(isChange),
    refused: plan.refused ?? null,
    impact: plan.impact,
    summary: plan.summary,
    partial: plan.targets !== undefined,
    targets: plan.targets ?? [],
    accounts: names.map(([name, accountId]) => ({
      name,
      accountId,
      resources: plan.diffs.filter((d) => d.accountName === name).map((d) => resource(d, plan)),
    })),
  };
}

function resource(d: ResourceDiff, plan: Plan): JsonResource {
  const out: JsonResource = {
    key: d.key,
    kind: d.kind,
    name: d.name,
    action: d.action,
    impact: d.impact,
    reasons: d.reasons,
    changes: d.changes,
    steps: plan.steps.filter((s) => s.key === d.key).map((s) => ({ stage: s.stage, operation: s.op, description: describeStep(s) })),
  };
  if (d.kind === 'imagecache') {
    out.regionId = d.regionId;
    if (d.status !== undefined) out.status = d.status;
    if (d.warning !== undefined) out.warning = d.warning;
  }
  if (d.suspended) out.suspended = true;
  if (d.error) out.error = { message: d.error.message, ...(d.error.code ? { code: d.error.code } : {}), ...(d.error.requestId ? { requestId: d.error.requestId } : {}) };
  return out;
}

export function renderPlanJson(plan: Plan, write: Writer): void {
  write(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
}
