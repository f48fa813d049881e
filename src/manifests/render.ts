// Rendering diagnostics for people (`file:line:col: error CODE message` + caret snippet) and for
// machines (JSON). Shared by every command that loads manifests.
import { ExitCode } from '../cli/io.js';
import { hasErrors, promoteWarnings, type Diagnostic } from './diagnostics.js';

/** One diagnostic, with a snippet of its line when the source text is known. */
export function renderDiagnostic(d: Diagnostic, sources?: ReadonlyMap<string, string>): string {
  const lines = [`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`];
  const snippet = caretSnippet(sources?.get(d.file), d.line, d.column);
  if (snippet !== undefined) lines.push(snippet);
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Every diagnostic, then a summary line; '' when there is nothing to say. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): string {
  if (diagnostics.length === 0) return '';
  const body = diagnostics.map((d) => renderDiagnostic(d, sources)).join('\n');
  return `${body}\n${summary(diagnostics)}\n`;
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${JSON.stringify({ valid: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics }, null, 2)}\n`;
}

/** `--strict` promotion, then exit 3 (invalid input) on any error, else 0. */
export function diagnosticsOutcome(diagnostics: readonly Diagnostic[], strict = false): { diagnostics: Diagnostic[]; exitCode: number } {
  const out = strict ? promoteWarnings(diagnostics) : [...diagnostics];
  return { diagnostics: out, exitCode: hasErrors(out) ? ExitCode.invalidInput : ExitCode.ok };
}

function caretSnippet(text: string | undefined, line: number, column: number): string | undefined {
  if (text === undefined) return undefined;
  const lineText = text.split(/\r?\n/)[line - 1];
  if (lineText === undefined) return undefined;
  const gutter = String(line);
  const shown = lineText.replace(/\t/g, ' ');
  const clipped = shown.length > 160 ? `${shown.slice(0, 160)}…` : shown;
  const pad = ' '.repeat(Math.max(0, Math.min(column - 1, 160)));
  return `  ${gutter} | ${clipped}\n  ${' '.repeat(gutter.length)} | ${pad}^`;
}
