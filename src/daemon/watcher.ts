// Watches the manifest folders and says only "reconcile now": which file changed and how is
// deliberately dropped, because each pass re-reads everything (level-triggered). Events are
// debounced so an editor's write-tmp-then-rename, a ConfigMap's `..data` symlink swap or a
// `git pull` touching fifty files become one trigger.
import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';

export interface WatcherOptions {
  paths: string[];
  onChange: () => void;
  /** Told at once on every event, before the debounce: the files on disk are no longer what was loaded. */
  onEvent?: () => void;
  clock: Clock;
  logger: Logger;
  /** Quiet time after the last event before triggering. */
  debounceMs?: number;
  /** Longest a steady stream of events may postpone the trigger. */
  maxWaitMs?: number;
}

export const defaultDebounceMs = 300;

export class ManifestWatcher {
  private watcher: FSWatcher | undefined;
  /** Watches each root's parent folder only for the root itself (E3: a folder deleted and recreated). */
  private parentWatcher: FSWatcher | undefined;
  private pending: AbortController | undefined;
  private firstEventAt: number | undefined;
  private roots = new Map<string, string>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private markReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly options: WatcherOptions) {
    this.debounceMs = options.debounceMs ?? defaultDebounceMs;
    this.maxWaitMs = options.maxWaitMs ?? this.debounceMs * 10;
  }

  /** Watches until the signal aborts. */
  async start(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return this.markReady();
    await this.open();
    // The signal may have fired while the initial scan ran: an abort listener added now never would.
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    this.pending?.abort();
    await Promise.all([this.watcher?.close(), this.parentWatcher?.close()]);
  }

  /** Resolves once the initial scan finished and events are being delivered (tests wait on it). */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  private async open(): Promise<void> {
    this.roots = new Map(await Promise.all(this.options.paths.map(async (p) => [p, await realpathOr(p)] as const)));
    const watcher = watch(this.options.paths, {
      ignoreInitial: true,
      // A git checkout's object store churns on every sync and never holds manifests.
      ignored: (path) => /(^|[\\/])\.git([\\/]|$)/.test(path),
    });
    watcher.on('all', () => this.schedule());
    watcher.on('error', (error) => this.options.logger.warn('manifest watcher error', { error }));
    this.watcher = watcher;
    const parentWatcher = this.watchParents();
    await Promise.all([watcher, parentWatcher].map((w) => new Promise<void>((done) => w.once('ready', () => done()))));
    this.markReady();
  }

  // A watch on a folder ends with the folder: once deleted and recreated (a `rm -rf && cp -r`
  // deploy, a volume remount) its new inode is not watched, and edits would wait for the resync.
  // Each root's parent is watched for the root alone; the root reappearing is watched afresh.
  private watchParents(): FSWatcher {
    const roots = new Map(this.options.paths.map((p) => [resolve(p), p] as const));
    const parents = new Set([...roots.keys()].map((root) => dirname(root)));
    const parentWatcher = watch([...parents], {
      ignoreInitial: true,
      depth: 0,
      ignored: (path) => !parents.has(resolve(path)) && !roots.has(resolve(path)),
    });
    parentWatcher.on('all', (event, path) => {
      const root = roots.get(resolve(path));
      if (root === undefined) return;
      if (event === 'add' || event === 'addDir') this.rewatch(root, 'manifest folder recreated; watching it again');
      this.schedule();
    });
    parentWatcher.on('error', (error) => this.options.logger.warn('manifest watcher error', { error }));
    this.parentWatcher = parentWatcher;
    return parentWatcher;
  }

  private rewatch(path: string, why: string): void {
    const watcher = this.watcher;
    if (!watcher) return;
    watcher.unwatch(path);
    watcher.add(path);
    this.options.logger.info(why, { path });
  }

  private schedule(): void {
    this.options.onEvent?.();
    const { clock } = this.options;
    const now = clock.now();
    this.firstEventAt ??= now;
    this.pending?.abort();
    const pending = new AbortController();
    this.pending = pending;
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstEventAt + this.maxWaitMs - now));
    clock.sleep(wait, pending.signal).then(
      () => void this.fire(),
      () => undefined, // superseded by a later event, or stopped
    );
  }

  private async fire(): Promise<void> {
    this.firstEventAt = undefined;
    this.pending = undefined;
    await this.rewatchMovedRoots();
    this.options.onChange();
  }

  // git-sync swaps a symlink to a fresh worktree: a watch on the old worktree would go silent,
  // so a watched root whose real path changed is watched again.
  private async rewatchMovedRoots(): Promise<void> {
    for (const [path, before] of this.roots) {
      const now = await realpathOr(path);
      if (now === before) continue;
      this.roots.set(path, now);
      this.rewatch(path, 'manifest folder moved; watching its new target');
    }
  }
}

async function realpathOr(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}
