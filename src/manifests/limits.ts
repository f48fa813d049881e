// The loader's input limits. Each bounds a way hostile or broken input could take the reconciler
// down (memory, stack, time, terminal output); each is a flag of validate, plan and run, documented
// in the README's "Safety" section.
import type { ResolveOptions } from './context.js';

export interface LoadLimits {
  /** Bytes of one file; checked by stat before reading and again while reading. */
  maxFileBytes: number;
  /** Bytes of all files together. */
  maxTotalBytes: number;
  /** Nesting of mappings and lists in one document; deeper is a TOO_DEEP diagnostic. */
  maxDepth: number;
}

const MiB = 1024 * 1024;

// 1 MiB holds ~2,000 documents, far above any hand-written file; 64 MiB the 100,000-document
// benchmark with room to spare; real manifests nest 6–8 levels, so 64 only stops abuse.
export const DEFAULT_LIMITS: LoadLimits = { maxFileBytes: MiB, maxTotalBytes: 64 * MiB, maxDepth: 64 };

/** Diagnostics printed at most; the rest are counted. */
export const DEFAULT_MAX_DIAGNOSTICS = 200;

export interface LoadOptions extends Partial<LoadLimits>, ResolveOptions {
  /** Checked at document boundaries: an aborted load returns INTERRUPTED and no desired state. */
  signal?: AbortSignal;
}

export const limitsOf = (options: LoadOptions): LoadLimits => ({
  maxFileBytes: options.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
  maxTotalBytes: options.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
  maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
});
