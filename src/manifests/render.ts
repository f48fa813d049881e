// Rendering diagnostics for people (`file:line:col: error CODE message` + caret snippet) and for
// machines (JSON). Shared by every command that loads manifests.
//
// Hostile input must not take the terminal down either: at most `maxDiagnostics` are printed (the
// rest counted), every line of source or message has its control characters escaped (an ESC in a
// comment is shown as \x1b, never sent to the terminal), lines and messages are clipped, and each
// file's line index is computed once, so rendering is linear in the number of diagnostics.
import { hasErrors, promoteWarnings, type Diagnostic } from './diagnostics.js';
import { DEFAULT_MAX_DIAGNOSTICS } from './limits.js';

export interface RenderOptions {
  /** Diagnostics printed at most (default 200); 0 prints all. */
  maxDiagnostics?: number;
}

/** One diagnostic, with a snippet of its line when the source text is known. */
export function renderDiagnostic(d: Diagnostic, sources?: ReadonlyMap<string, string>, lines: LineIndex = new LineIndex(sources)): string {
  const out = [`${escapeControls(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${clip(escapeControls(d.message), MAX_MESSAGE)}`];
  const snippet = caretSnippet(lines.line(d.file, d.line), d.line, d.column);
  if (snippet !== undefined) out.push(snippet);
  if (d.hint !== undefined) out.push(`  hint: ${clip(escapeControls(d.hint), MAX_MESSAGE)}`);
  return out.join('\n');
}

/** Every diagnostic (at most `maxDiagnostics`, then a count of the rest), then a summary line; '' when there is nothing to say. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>, options: RenderOptions = {}): string {
  if (diagnostics.length === 0) return '';
  const { shown, omitted } = capped(diagnostics, options);
  const lines = new LineIndex(sources);
  const body = shown.map((d) => renderDiagnostic(d, sources, lines));
  if (omitted > 0) body.push(`… ${omitted} more diagnostic${omitted === 1 ? '' : 's'} not shown (--max-diagnostics ${shown.length})`);
  return `${body.join('\n')}\n${summary(diagnostics)}\n`;
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** `{ valid, errors, warnings, diagnostics }`, plus `omitted` (a count) when more than `maxDiagnostics`. */
export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], options: RenderOptions = {}): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const { shown, omitted } = capped(diagnostics, options);
  const body = { valid: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics: shown, ...(omitted > 0 ? { omitted } : {}) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** `--strict` promotion, then whether any error remains (the CLI turns that into exit 3). */
export function diagnosticsOutcome(diagnostics: readonly Diagnostic[], strict = false): { diagnostics: Diagnostic[]; invalid: boolean } {
  const out = strict ? promoteWarnings(diagnostics) : [...diagnostics];
  return { diagnostics: out, invalid: hasErrors(out) };
}

function capped(diagnostics: readonly Diagnostic[], options: RenderOptions): { shown: readonly Diagnostic[]; omitted: number } {
  const max = options.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS;
  if (max <= 0 || diagnostics.length <= max) return { shown: diagnostics, omitted: 0 };
  return { shown: diagnostics.slice(0, max), omitted: diagnostics.length - max };
}

/** Lines of each source, found by an index of line starts built once per file on first use. */
export class LineIndex {
  private readonly files = new Map<string, { text: string; starts: number[] } | undefined>();

  constructor(private readonly sources: ReadonlyMap<string, string> | undefined) {}

  line(file: string, line: number): string | undefined {
    const indexed = this.files.has(file) ? this.files.get(file) : this.index(file);
    const start = indexed?.starts[line - 1];
    if (indexed === undefined || start === undefined) return undefined;
    const next = indexed.starts[line];
    const end = next === undefined ? indexed.text.length : next - 1;
    return indexed.text.slice(start, indexed.text[end - 1] === '\r' ? end - 1 : end);
  }

  private index(file: string): { text: string; starts: number[] } | undefined {
    const text = this.sources?.get(file);
    const indexed = text === undefined ? undefined : { text, starts: [0] };
    if (text !== undefined) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) indexed?.starts.push(i + 1);
    this.files.set(file, indexed);
    return indexed;
  }
}

const MAX_LINE = 160;
const MAX_MESSAGE = 500;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

// C0 (tab, newline, ESC, NUL, CR, …), DEL, C1 (8-bit CSI and friends), the line and paragraph
// separators, and the bidirectional overrides that make text read differently from what it is.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Control characters as visible escapes (`\x1b`, `\u202e`): safe to print on any terminal. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function caretSnippet(lineText: string | undefined, line: number, column: number): string | undefined {
  if (lineText === undefined) return undefined;
  const gutter = String(line);
  // Tabs become one space each, so the caret lines up with the column (counted in characters).
  const shown = (s: string) => escapeControls(clip(s.replace(/\t/g, ' '), MAX_LINE));
  const text = shown(lineText);
  const pad = ' '.repeat(Math.min(shown(lineText.slice(0, Math.max(0, column - 1))).length, text.length));
  return `  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${pad}^`;
}
