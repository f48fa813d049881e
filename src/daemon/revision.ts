// The revision of the manifests a pass applied, as Flux shows it: the commit of the git checkout
// the manifest folders live in, read from `.git` without running git (the container image has no
// git, and a process per pass would be wasteful), else a digest of the files read. git-sync's
// layout works unchanged: the watched `current` symlink resolves to a worktree whose `.git` is a
// file (`gitdir: …/.git/worktrees/<name>`) with a detached HEAD, and swapping the link changes it.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DigestedRead } from '../manifests/digest.js';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const isDirectory = (path: string): boolean | undefined => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
};

/** The git directory a `.git` entry stands for: itself, or the target of a `gitdir:` file. */
function gitDirOf(dotGit: string): string | undefined {
  const directory = isDirectory(dotGit);
  if (directory === undefined) return undefined;
  if (directory) return dotGit;
  const target = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '')?.[1];
  if (!target) return undefined;
  return isAbsolute(target) ? target : resolve(dirname(dotGit), target);
}

/** Where shared refs live: a worktree's git directory names it in `commondir`. */
function commonDirOf(gitDir: string): string {
  const common = readText(join(gitDir, 'commondir'))?.trim();
  if (!common) return gitDir;
  return isAbsolute(common) ? common : resolve(gitDir, common);
}

function packedRef(commonDir: string, ref: string): string | undefined {
  for (const line of (readText(join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha && SHA.test(sha)) return sha;
  }
  return undefined;
}

/** HEAD → (symbolic) ref → loose ref or packed-refs; undefined when any link is missing. */
export function headCommit(gitDir: string): string | undefined {
  const commonDir = commonDirOf(gitDir);
  let content = readText(join(gitDir, 'HEAD'))?.trim();
  // A symbolic ref may point at another; git itself stops at 5 levels.
  for (let depth = 0; depth < 5 && content !== undefined; depth++) {
    if (SHA.test(content)) return content;
    const ref = /^ref:\s*(\S+)$/.exec(content)?.[1];
    if (!ref || ref.includes('..')) return undefined;
    content = (readText(join(gitDir, ref)) ?? readText(join(commonDir, ref)))?.trim();
    if (content === undefined) return packedRef(commonDir, ref);
  }
  return undefined;
}

/** The commit checked out at the git working tree holding `path` (symlinks resolved), if any. */
export function gitCommitOf(path: string): string | undefined {
  let dir: string;
  try {
    dir = realpathSync(path);
  } catch {
    return undefined;
  }
  if (isDirectory(dir) === false) dir = dirname(dir);
  for (;;) {
    const gitDir = gitDirOf(join(dir, '.git'));
    if (gitDir !== undefined) return headCommit(gitDir);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** One digest over every file a load read (path and content), stable across runs. */
export function digestRevision(read: DigestedRead): string {
  const hash = createHash('sha256');
  for (const [file, digest] of [...read.digests].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${file}\0${digest}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * `git:<commit>` when every manifest path is in the same git checkout, else `sha256:<digest>` of
 * the files read; undefined when neither is known (no read yet).
 */
export function manifestRevision(paths: readonly string[], read: DigestedRead | undefined): string | undefined {
  const commits = new Set(paths.map(gitCommitOf));
  const [commit] = commits;
  if (commits.size === 1 && commit !== undefined) return `git:${commit}`;
  return read ? digestRevision(read) : undefined;
}
