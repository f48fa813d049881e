// ajv against the kind schemas. Validators are compiled once per process (module scope): compiling
// is ~1000× the cost of validating one document.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ManifestKind } from '../model/desired.js';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import { KIND_SCHEMAS } from './schema/index.js';
import { regionHint } from './regions.js';
import { diagnosticAt, type PathSegment, type SourceDocument } from './source.js';

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
// Our annotation naming the diagnostic for a failed pattern/range; ajv must know it to stay strict.
ajv.addKeyword({ keyword: 'x-code', schemaType: 'string' });
// Compiled on first use, not at import: compiling all five kinds took ~0.5–1.5 s of start-up in a
// CPU profile (ajv's code generation), which a run whose manifests use two kinds need not pay.
const validators = new Map<ManifestKind, ValidateFunction>();

function validatorFor(kind: ManifestKind): ValidateFunction {
  let validate = validators.get(kind);
  if (validate === undefined) {
    validate = ajv.compile(KIND_SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/** Schema problems of one document whose kind is known; empty when it conforms. */
export function checkSchema(sd: SourceDocument, kind: ManifestKind): Diagnostic[] {
  const validate = validatorFor(kind);
  if (validate(sd.value)) return [];
  const errors = (validate.errors ?? []).filter((e) => !NOISE.has(e.keyword));
  return dedupe(errors.map((e) => toDiagnostic(sd, e)));
}

// `if` only says "the then-branch failed"; the branch's own error says which field.
const NOISE = new Set(['if']);

function toDiagnostic(sd: SourceDocument, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath, sd.value);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return diagnosticAt(sd, path, 'MISSING_FIELD', `missing required field "${String(params.missingProperty)}"${where(path)}`);
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return diagnosticAt(sd, [...path, field], 'UNKNOWN_FIELD', `unknown field "${field}"${where(path)}`, {
        anchor: 'key',
        hint: allowedHere(e.parentSchema as { properties?: object }),
      });
    }
    case 'type':
      return diagnosticAt(sd, path, 'WRONG_TYPE', `${label(path)} must be ${article(String(params.type))}, not ${describe(e.data)}`, typeHint(e));
    case 'const':
    case 'enum':
      return diagnosticAt(sd, path, 'INVALID_VALUE', `${label(path)} must be ${allowedValues(e)}, not ${describe(e.data)}`, constHint(e));
    default:
      return valueDiagnostic(sd, path, e);
  }
}

// One hint string per schema object, shared by every diagnostic that cites it: 100,000 unknown
// fields then hold one string, not 100,000 equal ones.
const allowedHints = new WeakMap<object, string>();
function allowedHere(schema: { properties?: object }): string {
  let hint = allowedHints.get(schema);
  if (hint === undefined) {
    hint = `allowed here: ${Object.keys(schema.properties ?? {}).join(', ')}`;
    allowedHints.set(schema, hint);
  }
  return hint;
}

function valueDiagnostic(sd: SourceDocument, path: PathSegment[], e: ErrorObject): Diagnostic {
  const code = ((e.parentSchema as Record<string, unknown> | undefined)?.['x-code'] as DiagnosticCode | undefined) ?? 'INVALID_VALUE';
  const safeCode = Object.hasOwn(DIAGNOSTIC_CODES, code) ? code : 'INVALID_VALUE';
  const what = typeof e.data === 'string' || typeof e.data === 'number' ? `${label(path)} ${JSON.stringify(e.data)}` : label(path);
  const rule = RULES[e.keyword]?.(e.params as Record<string, unknown>) ?? (e.message ?? 'is invalid');
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  // A region written as a name (`Shanghai`) gets the IDs it likely means, not the field's description.
  if (safeCode === 'INVALID_REGION' && typeof e.data === 'string') return diagnosticAt(sd, path, safeCode, `${what} ${rule}`, { hint: regionHint(e.data) });
  return diagnosticAt(sd, path, safeCode, `${what} ${rule}`, description ? { hint: description } : {});
}

const RULES: Record<string, (p: Record<string, unknown>) => string> = {
  pattern: (p) => `does not match ${String(p.pattern)}`,
  minimum: (p) => `is below the minimum ${String(p.limit)}`,
  maximum: (p) => `is above the maximum ${String(p.limit)}`,
  minLength: (p) => `is shorter than ${String(p.limit)} characters`,
  maxLength: (p) => `is longer than ${String(p.limit)} characters`,
  minItems: (p) => `needs at least ${String(p.limit)} item(s)`,
  maxItems: (p) => `allows at most ${String(p.limit)} item(s)`,
  maxProperties: (p) => `allows at most ${String(p.limit)} entries`,
  minProperties: () => 'must not be empty',
  uniqueItems: (p) => `has duplicate items (${String(p.j)} and ${String(p.i)})`,
};

function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  let node = root;
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const out: PathSegment = Array.isArray(node) && /^\d+$/.test(seg) ? Number(seg) : seg;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
      return out;
    });
}

const label = (path: PathSegment[]): string => {
  const last = path.at(-1);
  if (last === undefined) return 'the document';
  return typeof last === 'number' ? `item ${last} of ${String(path.at(-2) ?? 'list')}` : last;
};
const where = (path: PathSegment[]): string => (path.length === 0 ? '' : ` in ${label(path)}`);
const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

function allowedValues(e: ErrorObject): string {
  const p = e.params as { allowedValue?: unknown; allowedValues?: unknown[] };
  if (e.keyword === 'const') return JSON.stringify(p.allowedValue);
  return `one of ${(p.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
}

function typeHint(e: ErrorObject): { hint?: string } {
  const wanted = (e.params as { type?: string }).type;
  if (wanted === 'string' && typeof e.data === 'number') return { hint: 'quote the value: YAML reads unquoted digits as a number' };
  return {};
}

function constHint(e: ErrorObject): { hint?: string } {
  const p = e.params as { allowedValue?: unknown };
  if (typeof p.allowedValue === 'string' && typeof e.data === 'number' && String(e.data) === p.allowedValue) {
    return { hint: `quote it: "${p.allowedValue}"` };
  }
  return {};
}

/** ajv can report one node twice (e.g. two if/then branches); keep the first per position and code. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
