// `run --once --plan FILE`: apply exactly a saved plan's steps, or nothing. Before the first write it
// reads again what the plan touches and refuses (exit 1, no write, each stale resource named) when
// - the manifests mean something else than when the plan was made (another edit, another set);
// - a planned resource's live state changed (a console edit, another pipeline's apply);
// - planning now would make other calls than the saved steps (a last check: the file was edited, or
//   the reconciler's version changed how it plans).
import { executePlan, type EngineOptions, type PassReport } from '../engine/reconcile.js';
import { observe } from '../engine/observe.js';
import { changedFiles } from '../manifests/digest.js';
import { plan, restrictPlan } from '../plan/plan.js';
import { desiredDigest, sameSteps, staleResources, type SavedPlan } from '../plan/saved.js';
import { ExitCode, type CliIo } from './io.js';
import type { Prepared } from './commands/plan.js';
import { selection } from './planning.js';

/** `finish` reports an applied pass (one line per resource) and returns the exit code. */
export async function applySavedPlan(p: Prepared, input: { file: string; saved: SavedPlan }, options: EngineOptions, io: CliIo, finish: (report: PassReport) => number): Promise<number> {
  const { file, saved } = input;
  const startedAt = p.clock.now();
  const refuse = (lines: string[]): number => {
    io.stderr(`error: refusing to apply the saved plan ${file} (made ${saved.createdAt}); nothing was written\n`);
    for (const line of lines) io.stderr(`  ${line}\n`);
    io.stderr('  plan again, review the new plan, and apply that one\n');
    return ExitCode.failure;
  };
  if (desiredDigest(p.state) !== saved.manifests.digest) {
    const files = changedFiles(new Map(Object.entries(saved.manifests.files)), p.read.digests);
    return refuse([
      'the manifests are not the ones the plan was made from (edited since, or another manifest set)',
      ...files.map((f) => `changed: ${f}`),
    ]);
  }
  const only = saved.plan.targets ? selection(p.state, saved.plan.targets) : undefined;
  const desired = only?.desired ?? p.state;
  const observed = await observe(desired, p.provider, { prune: saved.prune });
  const stale = staleResources(saved, observed);
  if (stale.length > 0) return refuse(stale.map((s) => `stale: ${s.label}: its live state changed since the plan`));
  const full = plan(desired, observed, { prune: saved.prune, maxDeletes: saved.maxDeletes });
  const now = only ? restrictPlan(full, only.keys, only.targets) : full;
  if (!sameSteps(now, saved.plan)) return refuse(['the steps planned now differ from the saved ones (the file was edited, or made by another version)']);
  return finish(await executePlan(saved.plan, observed, startedAt, { ...options, prune: saved.prune, maxDeletes: saved.maxDeletes }));
}
