// Shared state of the semantic stage: the valid manifests, the names of invalid ones, and the
// diagnostics list every check appends to.
import type { DesiredAccount, ManifestKind, Origin } from '../model/desired.js';
import type { InstanceNameAnswer, InstanceNameLookup } from '../model/instance-names.js';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import type { Collected } from './collect.js';
import { diagnosticAt, type Anchor, type PathSegment } from './source.js';
import type { Manifest, ManifestSet } from './types.js';
import { SUSPEND_ANNOTATION } from './schema/common.js';

export interface Context {
  manifests: ManifestSet;
  invalidNames: Collected['invalidNames'];
  diagnostics: Diagnostic[];
  /** Resolved accounts by metadata.name (only those without errors). */
  accounts: Map<string, DesiredAccount>;
  options: ResolveOptions;
  /** instanceName lookups left to the caller (see ResolveOptions.instanceNames). */
  lookups?: InstanceNameLookup[];
}

export interface ResolveOptions {
  /** The run sends every call to a loopback --endpoint (the emulator): Account endpoints are not checked. */
  emulatorMode?: boolean;
  /** A regionId missing from Alibaba's list (data/regions.ts) is a warning, not an error (a region opened since). */
  allowUnknownRegions?: boolean;
  /**
   * AcrPullAccess `registry.instanceName` lookups already made through ACR (plan, run --once), by
   * instanceNameKey(): the id, or why there is none (reported at instanceName as INSTANCE_NAME_UNKNOWN).
   */
  instanceNames?: ReadonlyMap<string, InstanceNameAnswer>;
  /** A name without an answer is an error (INSTANCE_NAME_UNRESOLVED) instead of a lookup left to the caller. */
  requireInstanceIds?: boolean;
}

export function report(
  ctx: Context,
  m: Manifest,
  path: readonly PathSegment[],
  code: DiagnosticCode,
  message: string,
  options: { anchor?: Anchor; hint?: string } = {},
): void {
  ctx.diagnostics.push(diagnosticAt(m.sd, path, code, message, options));
}

/**
 * Looks a reference up. Unknown → UNRESOLVED_REF at the referencing node; a document of that name that
 * failed validation → INVALID_REF, which says so and where (issue 14, finding 2: the hint used to say
 * no such document existed, while its real error was a few lines away).
 */
export function lookup<K extends ManifestKind>(ctx: Context, from: Manifest, path: readonly PathSegment[], kind: K, name: string): Manifest<K> | undefined {
  const found = ctx.manifests[kind].get(name) as Manifest<K> | undefined;
  if (found !== undefined) return found;
  const invalidAt = ctx.invalidNames[kind].get(name);
  if (invalidAt !== undefined) {
    report(ctx, from, path, 'INVALID_REF', `${kind} ${name} is invalid, see its errors at ${invalidAt}`, { hint: `fix ${kind} ${name} first; what refers to it is not checked further` });
    return undefined;
  }
  const known = [...ctx.manifests[kind].keys()];
  report(ctx, from, path, 'UNRESOLVED_REF', `${kind} "${name}" is not defined`, {
    hint: known.length === 0 ? `no ${kind} manifest was found` : `known ${kind} names: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`,
  });
  return undefined;
}

/** The resolved Account, or undefined (reported if the name is unknown). */
export function accountOf(ctx: Context, from: Manifest, path: readonly PathSegment[], name: string): DesiredAccount | undefined {
  const manifest = lookup(ctx, from, path, 'Account', name);
  return manifest === undefined ? undefined : ctx.accounts.get(name);
}

export function originOf(m: Manifest): Origin {
  const origin: Origin = { kind: m.kind, name: m.name, file: m.sd.source.file, line: diagnosticAt(m.sd, ['metadata', 'name'], 'DUPLICATE_NAME', '').line };
  return isSuspended(m) ? { ...origin, suspended: true } : origin;
}

/** The manifest carries `eci-acr-reconciler/suspend: "true"` (the schema admits only "true"/"false"). */
function isSuspended(m: Manifest): boolean {
  const annotations = (m.sd.value as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations;
  return annotations?.[SUSPEND_ANNOTATION] === 'true';
}
