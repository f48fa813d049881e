// Asynchronous lifecycles without timers: a create or update writes its whole future as a
// timeline (status changes and events, each with the emulated time it happens), and every read
// shows the part of it that is in the past. Advancing the emulated clock therefore moves every
// cache and container group forward, and nothing runs in the background.

export interface TimedEvent {
  at: number;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface Phase {
  at: number;
  status: string;
  /** Progress shown once the phase starts; `rampTo` makes it climb linearly until `endsAt`. */
  progress: number;
  rampTo?: number;
  endsAt?: number;
}

export interface Timeline {
  phases: Phase[];
  events: TimedEvent[];
}

export interface TimelineView {
  status: string;
  progress: number;
  events: TimedEvent[];
}

export function viewAt(timeline: Timeline, now: number): TimelineView {
  const started = timeline.phases.filter((p) => p.at <= now);
  const phase = started[started.length - 1] ?? timeline.phases[0]!;
  return {
    status: phase.status,
    progress: progressOf(phase, now),
    events: timeline.events.filter((e) => e.at <= now),
  };
}

/** When the timeline reaches a status, or undefined if it never does. */
export function reachedAt(timeline: Timeline, status: string): number | undefined {
  return timeline.phases.find((p) => p.status === status)?.at;
}

function progressOf(phase: Phase, now: number): number {
  if (phase.rampTo === undefined || phase.endsAt === undefined || phase.endsAt <= phase.at) return phase.progress;
  const fraction = Math.min(1, (now - phase.at) / (phase.endsAt - phase.at));
  return Math.floor(phase.progress + (phase.rampTo - phase.progress) * fraction);
}

/** ECI's timestamps: ISO 8601, UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderEvents(events: TimedEvent[], name: string): Record<string, unknown>[] {
  return events.map((e) => ({
    Type: e.type,
    Reason: e.reason,
    Message: e.message,
    Name: name,
    Count: 1,
    FirstTimestamp: isoSeconds(e.at),
    LastTimestamp: isoSeconds(e.at),
  }));
}
