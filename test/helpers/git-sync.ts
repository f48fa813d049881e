// A git checkout laid out on disk by hand, as git would leave it (no git binary needed): the
// revision reader (src/daemon/revision.ts) is tested against the files git-sync produces.
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
/** git-sync's layout: ROOT/.git holds the repository, ROOT/.worktrees/<sha> each checkout, ROOT/current the link. */
export function gitSyncWorktree(root: string, commit: string, files: Record<string, string>): string {
  const worktree = join(root, '.worktrees', commit);
  put(join(root, '.git', 'worktrees', commit, 'HEAD'), `${commit}\n`);
  put(join(root, '.git', 'worktrees', commit, 'commondir'), '../..\n');
  put(join(worktree, '.git'), `gitdir: ${join(root, '.git', 'worktrees', commit)}\n`);
  for (const [file, text] of Object.entries(files)) put(join(worktree, file), text);
  return worktree;
}

/** Points ROOT/current at the worktree of `commit` the way git-sync does: a new link renamed over the old. */
export function swapCurrent(root: string, commit: string): void {
  const next = join(root, `.current-${commit}`);
  symlinkSync(join('.worktrees', commit), next);
  renameSync(next, join(root, 'current'));
}

