// Which work may start when. The creation stages (policies → roles → attachments → trust →
// image-caches) are not run as fleet-wide barriers: each resource's steps of one stage form a task,
// and a task starts as soon as the tasks it needs are done —
//   - the same resource's tasks of earlier stages (its steps stay in order);
//   - for every key in its steps' `dependsOn`, that key's tasks of earlier stages (a cache waits for
//     the roles it names: created, attached, trusted; an attachment waits for its policy);
//   - for every key in `after`, that key's task of the same stage (a role created after the role its
//     trust names).
// So an ECI account's caches start as soon as THEIR roles are done, and caches that need no RAM object
// start at once, instead of after every account's RAM stages. Deletions keep stage barriers, after all
// creation work: they are rare and their order (caches → detach → roles → policies) spans resources
// that reference each other only through the cloud.
import { STAGES, type Stage, type Step } from '../plan/steps.js';
import { Lanes } from './lanes.js';

export interface Task {
  id: string;
  stage: Stage;
  key: string;
  steps: Step[];
}

const CREATION: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('image-caches') + 1);

/** The steps grouped into phases run one after another: all creation tasks, then each deletion stage. */
export function phases(steps: Step[]): Task[][] {
  const tasks = new Map<string, Task>();
  for (const step of steps) {
    const id = taskId(step.stage, step.key);
    const task = tasks.get(id) ?? { id, stage: step.stage, key: step.key, steps: [] };
    task.steps.push(step);
    tasks.set(id, task);
  }
  const all = [...tasks.values()];
  const deletion = STAGES.filter((s) => !CREATION.includes(s)).map((stage) => all.filter((t) => t.stage === stage));
  return [all.filter((t) => CREATION.includes(t.stage)), ...deletion].filter((p) => p.length > 0);
}

/** The ids of the tasks in `phase` that `task` waits for. */
export function prerequisites(task: Task, phase: Task[]): string[] {
  const order = (s: Stage) => STAGES.indexOf(s);
  const before = new Set([task.key, ...task.steps.flatMap((s) => s.dependsOn)]);
  const after = new Set(task.steps.flatMap((s) => s.after ?? []));
  return phase
    .filter((t) => t.id !== task.id && ((before.has(t.key) && order(t.stage) < order(task.stage)) || (after.has(t.key) && t.stage === task.stage)))
    .map((t) => t.id);
}

/**
 * Runs a phase: every task once its prerequisites are done; ready tasks of one account × service are
 * started lowest rank first through a small window (lanes.ts), the adapter's limiter bounding the
 * calls. The plan keeps the graph acyclic; a cycle would be broken rather than deadlock.
 */
export async function runPhase(phase: Task[], run: (task: Task) => Promise<void>): Promise<void> {
  const needs = prerequisiteMap(phase);
  const rank = ranks(phase, needs);
  const byId = new Map(phase.map((t) => [t.id, t]));
  const lanes = new Lanes();
  const running = new Map<string, Promise<void>>();
  const visiting = new Set<string>();
  const start = (task: Task): Promise<void> => {
    const known = running.get(task.id);
    if (known) return known;
    visiting.add(task.id);
    const before = needs.get(task.id)!.filter((id) => !visiting.has(id));
    const started = Promise.all(before.map((id) => start(byId.get(id)!))).then(async () => {
      const release = await lanes.acquire(laneOf(task), rank.get(task.id)!);
      try {
        await run(task);
      } finally {
        release();
      }
    });
    running.set(task.id, started);
    visiting.delete(task.id);
    return started;
  };
  await Promise.all(phase.map(start));
}

function prerequisiteMap(phase: Task[]): Map<string, string[]> {
  const byKey = new Map<string, Task[]>();
  for (const t of phase) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const related = (task: Task) => [...new Set([task.key, ...task.steps.flatMap((s) => [...s.dependsOn, ...(s.after ?? [])])])].flatMap((k) => byKey.get(k) ?? []);
  return new Map(phase.map((t) => [t.id, prerequisites(t, related(t))]));
}

/**
 * A task's rank: the position of the first image cache that needs it (directly or through other
 * tasks); tasks no cache needs come after, in plan order. Caches are taken round-robin over their
 * accounts (each account's first cache, then each one's second, …): the plan lists them account by
 * account, and ranking in that order would have the registry accounts finish every chain of the first
 * ECI account before any of the last, whose caches would then all queue at its CreateImageCache limit.
 */
export function ranks(phase: Task[], needs: Map<string, string[]> = prerequisiteMap(phase)): Map<string, number> {
  const caches = phase.filter((t) => t.stage === 'image-caches');
  const nth = new Map<string, number>();
  const turn = new Map(caches.map((t) => {
    const account = t.steps[0]!.accountName;
    nth.set(account, (nth.get(account) ?? -1) + 1);
    return [t.id, nth.get(account)!];
  }));
  const roundRobin = caches.map((t, i) => ({ t, i })).sort((a, b) => turn.get(a.t.id)! - turn.get(b.t.id)! || a.i - b.i).map(({ t }) => t);
  const roots = [...roundRobin, ...phase.filter((t) => t.stage !== 'image-caches')];
  const rank = new Map<string, number>();
  roots.forEach((root, i) => {
    const stack = [root.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (rank.has(id)) continue;
      rank.set(id, i);
      stack.push(...(needs.get(id) ?? []));
    }
  });
  return rank;
}

/** The limiter a task's calls go through: caches use ECI, everything else in a phase RAM. */
const laneOf = (task: Task) => `${task.steps[0]!.accountName}\u0000${task.stage === 'image-caches' || task.stage === 'delete-image-caches' ? 'eci' : 'ram'}`;

const taskId = (stage: Stage, key: string) => `${stage}\u0000${key}`;
