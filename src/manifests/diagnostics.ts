// Diagnostics are data: every stage appends to one list instead of throwing, so a single pass
// reports every problem (eemeli/yaml's habit). The code set is closed: tools and tests can rely on it.

export type Severity = 'error' | 'warning';

/** Every diagnostic code, with its default severity. LINT_* are advice; everything else blocks. */
export const DIAGNOSTIC_CODES = {
  PATH_NOT_FOUND: 'error',
  FILE_UNREADABLE: 'error',
  DIR_UNREADABLE: 'error',
  DANGLING_SYMLINK: 'error',
  NOT_A_REGULAR_FILE: 'error',
  NOT_UTF8: 'error',
  FILE_TOO_LARGE: 'error',
  INPUT_TOO_LARGE: 'error',
  TOO_DEEP: 'error',
  INTERRUPTED: 'error',
  YAML_SYNTAX: 'error',
  YAML_WARNING: 'warning',
  NOT_A_MAPPING: 'error',
  UNSUPPORTED_API_VERSION: 'error',
  UNKNOWN_KIND: 'error',
  MISSING_FIELD: 'error',
  UNKNOWN_FIELD: 'error',
  WRONG_TYPE: 'error',
  INVALID_VALUE: 'error',
  INVALID_NAME: 'error',
  INVALID_ACCOUNT_ID: 'error',
  INVALID_REGION: 'error',
  UNKNOWN_REGION: 'error',
  INVALID_ARN: 'error',
  INVALID_ROLE_NAME: 'error',
  INVALID_POLICY_NAME: 'error',
  INVALID_SESSION_DURATION: 'error',
  CONFLICTING_FIELDS: 'error',
  DUPLICATE_NAME: 'error',
  DUPLICATE_CLOUD_NAME: 'error',
  UNRESOLVED_REF: 'error',
  INVALID_REF: 'error',
  REF_CYCLE: 'error',
  WRONG_ACCOUNT: 'error',
  EMPTY_TRUST: 'error',
  POLICY_GRAMMAR: 'error',
  POLICY_TOO_LONG: 'error',
  NON_ACR_IMAGE: 'error',
  MISSING_INSTANCE_ID: 'error',
  INSTANCE_NAME_UNKNOWN: 'error',
  INSTANCE_NAME_UNRESOLVED: 'error',
  ENDPOINT_NOT_ALIBABA: 'error',
  CUSTOM_ENDPOINTS: 'warning',
  LINT_TRUST_TOO_BROAD: 'warning',
  LINT_FULL_ACCESS: 'warning',
  LINT_ECI_ROLE_TRUST: 'warning',
  LINT_PULL_RESOURCE_WILDCARD: 'warning',
  LINT_REGION_MISMATCH: 'warning',
  LINT_UNRESTRICTED_SAME_ACCOUNT: 'warning',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** The file as it was found (relative to the working directory when given relatively). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** Dotted path of the node inside its document, e.g. `spec.trust.principals[0].arn`; '' for the file. */
  path: string;
  message: string;
  /** How to fix it, when there is more to say than the message. */
  hint?: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');

/** `--strict`: warnings count as errors. */
export const promoteWarnings = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));

/** Stable order: file, then position, then code — so output and golden files do not depend on check order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** `spec`, `trust`, 0 → `spec.trust[0]` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out === '' ? seg : `${out}.${seg}`), '');
}
