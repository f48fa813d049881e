// The plan for people: grouped by account, one marker per resource (+ create, ~ update, ± replace,
// - delete, ! conflict/error, = kept orphan, … pending), documents shown as a line diff of their
// pretty-printed form as written (normalisation only decides whether they differ). Takes its writer, so tests and the CLI choose the stream.
import { lineDiff } from './line-diff.js';
import type { Plan } from './plan.js';
import type { ChangeAction, FieldChange, ResourceDiff } from './types.js';

export type Writer = (text: string) => void;

export const MARKERS: Record<ChangeAction, string> = {
  create: '+',
  update: '~',
  replace: '±',
  delete: '-',
  none: ' ',
  pending: '…',
  conflict: '!',
  orphan: '=',
  error: '!',
};

const DOCUMENT_FIELDS = new Set(['trust', 'document']);

export function renderPlanText(plan: Plan, write: Writer, options: { showUnchanged?: boolean } = {}): void {
  if (plan.targets) write(`${partialNote(plan.targets)}\n\n`);
  const accounts = [...new Set(plan.diffs.map((d) => `${d.accountName} (${d.accountId})`))];
  for (const account of accounts) {
    const diffs = plan.diffs.filter((d) => `${d.accountName} (${d.accountId})` === account && (options.showUnchanged || d.action !== 'none'));
    if (diffs.length === 0) continue;
    write(`Account ${account}\n`);
    const unread = accountError(diffs);
    if (unread !== undefined) write(unread);
    else for (const d of diffs) renderResource(d, write);
    write('\n');
  }
  if (plan.refused) write(`REFUSED: ${plan.refused}. Nothing will be changed.\n`);
  else if (plan.steps.length === 0 && plan.diffs.every((d) => d.action === 'none')) write('No changes: the cloud matches the manifests.\n');
  write(`${summaryLine(plan)}\n`);
}

/** What a partial plan leaves out, said first so nobody mistakes it for the whole picture. */
export const partialNote = (targets: string[]): string =>
  `Partial plan (--target ${targets.join(', ')}): only these and what they need were read and planned; other resources are neither shown nor changed.`;

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const parts = [`${s.create} to create`, `${s.update} to update`, `${s.replace} to replace`, `${s.delete} to delete`];
  const notes = [
    s.unchanged ? `${s.unchanged} unchanged` : '',
    s.pending ? `${s.pending} pending` : '',
    s.conflict ? `${s.conflict} in conflict` : '',
    s.orphan ? `${s.orphan} kept out of the manifests` : '',
    s.error ? `${s.error} with errors` : '',
    s.suspended ? `${s.suspended} suspended` : '',
  ].filter(Boolean);
  return `Plan: ${parts.join(', ')}${notes.length ? `; ${notes.join(', ')}` : ''}.`;
}

export function resourceLabel(d: ResourceDiff): string {
  if (d.kind === 'imagecache') return `imagecache ${d.name} (${d.regionId}, manifest ${d.manifestName})`;
  return `${d.kind} ${d.name}`;
}

/**
 * When the account itself could not be read (a dead endpoint, pinning), every resource carries the
 * same error: said once for the account (issue 14, finding 3), not once per resource.
 */
function accountError(diffs: ResourceDiff[]): string | undefined {
  const first = diffs[0]?.error;
  if (first === undefined || !diffs.every((d) => d.action === 'error' && d.error?.message === first.message)) return undefined;
  const code = first.code ? ` (${first.code}${first.requestId ? `, RequestId ${first.requestId}` : ''})` : '';
  return `  ! account not read, ${diffs.length} resource${diffs.length === 1 ? '' : 's'} not planned: ${first.message}${code}\n`;
}

function renderResource(d: ResourceDiff, write: Writer): void {
  const why = d.reasons.length ? `: ${d.reasons.join('; ')}` : '';
  write(`  ${MARKERS[d.action]} ${resourceLabel(d)}${why}\n`);
  if (d.error) {
    const code = d.error.code ? `${d.error.code}${d.error.requestId ? `, RequestId ${d.error.requestId}` : ''}` : '';
    // Account-level errors are already the reason; repeat only what the reason does not say.
    if (!d.reasons.includes(d.error.message)) write(`      error: ${d.error.message}${code ? ` (${code})` : ''}\n`);
    else if (code) write(`      (${code})\n`);
  }
  for (const change of d.changes) renderChange(change, write);
}

function renderChange(change: FieldChange, write: Writer): void {
  if (DOCUMENT_FIELDS.has(change.field) && (typeof change.new === 'string' || typeof change.old === 'string')) {
    write(`      ${change.field}:\n`);
    const lines = lineDiff(typeof change.old === 'string' ? change.old : '', typeof change.new === 'string' ? change.new : '');
    for (const line of lines) write(`        ${line.type} ${line.text}\n`);
    return;
  }
  const show = (v: FieldChange['old']) => (v === undefined ? '' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  if (change.old === undefined) write(`      + ${change.field}: ${show(change.new)}\n`);
  else if (change.new === undefined) write(`      - ${change.field}: ${show(change.old)}\n`);
  else write(`      ~ ${change.field}: ${show(change.old)} → ${show(change.new)}\n`);
}
