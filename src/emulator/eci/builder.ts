// What the build of a cache (or the start of a container group) will do: run the pull model for
// each image, in order, then check the total size. The outcome is decided when the build starts,
// from the RAM state of that moment, and revealed as emulated time passes.
import { decidePull } from '../pull/decide.js';
import type { AcrRegistryInfo, PullWorld } from '../pull/types.js';
import type { Phase, TimedEvent, Timeline } from './timeline.js';

export interface PullSetup {
  accountId: string;
  regionId: string;
  acrRegistryInfo: AcrRegistryInfo[];
  eipInstanceId?: string;
  vSwitchIds: string[];
}

export interface BuildOutcome {
  /** Images pulled before the build stopped (all of them when it succeeded). */
  pulled: string[];
  failure?: { message: string };
}

export function pullImages(images: string[], setup: PullSetup, world: PullWorld, capacityGiB?: number): BuildOutcome {
  const pulled: string[] = [];
  let totalGiB = 0;
  for (const image of images) {
    const decision = decidePull({ image, ...setup }, world);
    if (!decision.ok) return { pulled, failure: { message: `Failed to pull image "${image}": ${decision.message}` } };
    pulled.push(image);
    totalGiB += decision.sizeGiB;
  }
  if (capacityGiB !== undefined && totalGiB > capacityGiB) {
    return { pulled, failure: { message: `The images need ${totalGiB} GiB, more than ImageCacheSize ${capacityGiB} GiB` } };
  }
  return { pulled };
}

const event = (at: number, type: TimedEvent['type'], reason: string, message: string): TimedEvent => ({ at, type, reason, message });

function finish(at: number, images: string[], outcome: BuildOutcome, done: [string, string], failed: string): { phase: Phase; events: TimedEvent[] } {
  const progress = Math.floor((100 * outcome.pulled.length) / Math.max(1, images.length));
  if (outcome.failure) {
    return { phase: { at, status: failed, progress: Math.min(progress, 99) }, events: [event(at, 'Warning', 'Failed', outcome.failure.message)] };
  }
  const pulledEvents = images.map((image) => event(at, 'Normal', 'Pulled', `Successfully pulled image "${image}".`));
  return { phase: { at, status: 'Ready', progress: 100 }, events: [...pulledEvents, event(at, 'Normal', done[0], done[1])] };
}

export function createTimeline(t0: number, preparingMs: number, creatingMs: number, images: string[], outcome: BuildOutcome): Timeline {
  const creatingAt = t0 + preparingMs;
  const end = finish(creatingAt + creatingMs, images, outcome, ['Created', 'Successfully created image cache.'], 'Failed');
  return {
    phases: [
      { at: t0, status: 'Preparing', progress: 0 },
      { at: creatingAt, status: 'Creating', progress: 0, rampTo: end.phase.progress === 100 ? 99 : end.phase.progress, endsAt: end.phase.at },
      end.phase,
    ],
    events: [
      event(t0, 'Normal', 'Started', 'Successfully check image cache resource.'),
      ...images.map((image) => event(creatingAt, 'Normal', 'Pulling', `Pulling image "${image}".`)),
      ...end.events,
    ],
  };
}

export function updateTimeline(t0: number, updatingMs: number, images: string[], outcome: BuildOutcome): Timeline {
  const end = finish(t0 + updatingMs, images, outcome, ['Updated', 'Successfully updated image cache.'], 'UpdateFailed');
  return {
    phases: [{ at: t0, status: 'Updating', progress: 0, rampTo: end.phase.progress === 100 ? 99 : end.phase.progress, endsAt: end.phase.at }, end.phase],
    events: [
      event(t0, 'Normal', 'Updating', 'Start to update image cache.'),
      ...images.map((image) => event(t0, 'Normal', 'Pulling', `Pulling image "${image}".`)),
      ...end.events,
    ],
  };
}

/** A seeded cache keeps its seeded status until it is updated or deleted (useful for timeout tests). */
export function fixedTimeline(t0: number, status: string): Timeline {
  const progress = status === 'Ready' ? 100 : status === 'Preparing' ? 0 : 50;
  return { phases: [{ at: t0, status, progress }], events: [] };
}

export function containerGroupTimeline(t0: number, pendingMs: number, id: string, images: string[], outcome: BuildOutcome): Timeline {
  const at = t0 + pendingMs;
  const ok = outcome.failure === undefined;
  return {
    phases: [
      { at: t0, status: 'Pending', progress: 0 },
      { at, status: ok ? 'Running' : 'Failed', progress: 0 },
    ],
    events: [
      event(t0, 'Normal', 'Scheduled', `Successfully assigned ${id}.`),
      ...images.map((image) => event(t0, 'Normal', 'Pulling', `Pulling image "${image}".`)),
      ...(ok
        ? [...images.map((image) => event(at, 'Normal', 'Pulled', `Successfully pulled image "${image}".`)), event(at, 'Normal', 'Started', 'Started containers.')]
        : [event(at, 'Warning', 'Failed', outcome.failure!.message)]),
    ],
  };
}
