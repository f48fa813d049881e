// The plan as a pull-request comment (`plan --output markdown`): a summary line (`+3 ~1 -0`), then
// one collapsible <details> section per resource that is not in sync, with a ```diff block.
// Safe to post as it is:
// - everything outside a code block is HTML-escaped (and `@` too, so a name never pings someone);
// - each code block's fence is longer than any run of backticks inside it, so no document, tag or
//   image name can close it and inject markdown;
// - reasons and errors pass through the redactor once more (the adapters already redact them), and
//   nothing else in a plan is a secret (no credentials enter the desired or observed state).
import { redactText } from '../runtime/redact.js';
import { lineDiff } from './line-diff.js';
import type { Plan } from './plan.js';
import { MARKERS, partialNote, resourceLabel, summaryLine, type Writer } from './render-text.js';
import type { FieldChange, ResourceDiff } from './types.js';

const DOCUMENT_FIELDS = new Set(['trust', 'document']);

export function renderPlanMarkdown(plan: Plan, write: Writer): void {
  write(planMarkdown(plan));
}

export function planMarkdown(plan: Plan): string {
  const shown = plan.diffs.filter((d) => d.action !== 'none');
  const parts = ['### eci-acr-reconciler plan', '', `**${countsLine(plan)}** — ${escapeInline(summaryLine(plan))}`, ''];
  if (plan.targets) parts.push(`> ${escapeInline(partialNote(plan.targets))}`, '');
  if (plan.refused) parts.push(`> **REFUSED:** ${escapeInline(redactText(plan.refused))}. Nothing will be changed.`, '');
  if (shown.length === 0 && !plan.refused) parts.push('No changes: the cloud matches the manifests.', '');
  const sections = shown.map((d) => section(d).join('\n'));
  let size = parts.join('\n').length;
  const firstLeftOut = sections.findIndex((text) => (size += text.length + 1) > COMMENT_LIMIT);
  const kept = firstLeftOut < 0 ? sections : sections.slice(0, firstLeftOut);
  if (kept.length < sections.length) kept.push(`_${sections.length - kept.length} more resource(s) not shown: the comment would pass ${COMMENT_LIMIT} characters. The whole plan: \`plan --plan FILE\` on the saved plan._\n`);
  return `${[...parts, ...kept].join('\n')}\n`;
}

/** GitHub refuses comments over 65536 characters; room is left for the note that says what was cut. */
export const COMMENT_LIMIT = 60_000;

/** `+3 ~1 -0`: creations, updates (replacements included), deletions. Digits only: printed as it is. */
export function countsLine(plan: Plan): string {
  const s = plan.summary;
  return `+${s.create} ~${s.update + s.replace} -${s.delete}`;
}

function section(d: ResourceDiff): string[] {
  const title = `${MARKERS[d.action]} ${resourceLabel(d)} · account ${d.accountName} (${d.accountId}) · ${d.action}`;
  const lines = [...d.reasons.map((r) => `# ${redactText(r)}`), ...errorLines(d), ...d.changes.flatMap(changeLines)];
  return ['<details>', `<summary>${escapeHtml(title)}</summary>`, '', ...fenced('diff', lines), '', '</details>', ''];
}

function errorLines(d: ResourceDiff): string[] {
  if (!d.error || d.reasons.includes(d.error.message)) return [];
  const code = d.error.code ? ` (${d.error.code}${d.error.requestId ? `, RequestId ${d.error.requestId}` : ''})` : '';
  return [`# error: ${redactText(d.error.message)}${code}`];
}

function changeLines(change: FieldChange): string[] {
  if (DOCUMENT_FIELDS.has(change.field) && (typeof change.new === 'string' || typeof change.old === 'string')) {
    const diff = lineDiff(typeof change.old === 'string' ? change.old : '', typeof change.new === 'string' ? change.new : '');
    return [`  ${change.field}:`, ...diff.map((l) => `${l.type}   ${l.text}`)];
  }
  const show = (v: FieldChange['old']) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  return [...(change.old !== undefined ? [`- ${change.field}: ${show(change.old)}`] : []), ...(change.new !== undefined ? [`+ ${change.field}: ${show(change.new)}`] : [])];
}

/** A fenced code block whose fence no line inside can close: one backtick longer than any run in it. */
export function fenced(language: string, lines: string[]): string[] {
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...lines, fence];
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '@': '&#64;' };

/** Text in a markdown paragraph: HTML-escaped, and markdown's own markup characters backslash-escaped. */
export function escapeInline(text: string): string {
  // Markdown first: the entities escapeHtml writes contain `#`, which must stay as they are.
  return escapeHtml(text.replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`));
}

/** Text inside HTML (the <summary> line, where markdown is not parsed): HTML entities for every character that could open markup or a mention. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'@]/g, (c) => HTML[c]!);
}
