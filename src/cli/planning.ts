// What `plan` and `run --once` share beyond preparation: the plan format flag (markdown is plan's
// only), `--target` turned into a selection (unknown targets are usage errors with a did-you-mean),
// and reading the live state and planning, whole or partial.
import { observe } from '../engine/observe.js';
import type { DesiredState } from '../model/desired.js';
import type { ObservedState } from '../plan/observed-state.js';
import { plan, restrictPlan, type Plan } from '../plan/plan.js';
import { planToJson } from '../plan/render-json.js';
import { renderPlanMarkdown } from '../plan/render-markdown.js';
import { renderPlanText } from '../plan/render-text.js';
import { selectTargets, TARGET_KINDS, type TargetSelection } from '../plan/targets.js';
import { UsageError, type CliIo } from './io.js';
import type { Prepared } from './commands/plan.js';
import type { Values } from './settings.js';
import { settingText } from './setting-values.js';

export type PlanFormat = 'text' | 'json' | 'markdown';

export function planFormat(values: Values): PlanFormat {
  const text = settingText(values, 'output');
  if (text !== 'text' && text !== 'json' && text !== 'markdown') throw new UsageError(`--output must be text, json or markdown, not "${text}"`);
  return text;
}

/** `revision`: the manifests' revision (issue 16), a header line or the JSON `revision` field. */
export function renderPlan(result: Plan, format: PlanFormat, io: CliIo, revision?: string): void {
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ...planToJson(result), revision: revision ?? null }, null, 2)}\n`);
    return;
  }
  if (revision !== undefined) io.stdout(format === 'markdown' ? `Manifests revision: \`${revision}\`\n\n` : `Manifests revision: ${revision}\n\n`);
  if (format === 'markdown') renderPlanMarkdown(result, io.stdout);
  else renderPlanText(result, io.stdout);
}

/** `--target` flags as a selection of the desired state; undefined when none is given. */
export function targetsFrom(values: Values, desired: DesiredState): TargetSelection | undefined {
  const given = Array.isArray(values['target']) ? values['target'] : [];
  return given.length === 0 ? undefined : selection(desired, given);
}

/** The selection of `targets` (from flags or a saved plan); a UsageError naming each unknown one. */
export function selection(desired: DesiredState, targets: string[]): TargetSelection {
  const result = selectTargets(desired, targets);
  if ('selection' in result) return result.selection;
  const lines = result.unknown.map(({ target, suggestion }) => {
    const hint = suggestion ? `; did you mean ${suggestion}?` : `; a target is KIND/NAME with KIND one of ${TARGET_KINDS.join(', ')}, NAME a manifest's metadata.name`;
    return `--target ${target}: no such manifest${hint}`;
  });
  throw new UsageError(lines.join('\n'));
}

/** A partial plan is made without prune (see planNow); say so rather than ignore the flag silently. */
export function warnPruneIgnored(p: Prepared, only: TargetSelection | undefined): void {
  if (only && p.prune) p.logger.warn('--prune has no effect with --target: nothing outside the targets is pruned, and every target is declared');
}

export interface Planned {
  plan: Plan;
  desired: DesiredState;
  observed: ObservedState;
  prune: boolean;
}

/**
 * Reads the live state of the selection (everything without one) and plans it. A partial plan is
 * made without prune: every target is declared, so pruning could only act outside the targets.
 */
export async function planNow(p: Prepared, only: TargetSelection | undefined): Promise<Planned> {
  const desired = only?.desired ?? p.state;
  const prune = only ? false : p.prune;
  const observed = await observe(desired, p.provider, { prune });
  const full = plan(desired, observed, { prune, maxDeletes: p.maxDeletes });
  return { plan: only ? restrictPlan(full, only.keys, only.targets) : full, desired, observed, prune };
}
