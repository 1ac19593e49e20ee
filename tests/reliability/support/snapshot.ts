import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitResult } from '@relctl/testing';
import { eventLine, readEvents } from './audit.js';

/**
 * A repository's refs in a form that two runs of the same command can share although their
 * commits differ in time: a commit that existed before (in `known`) is its id; a new one is a
 * hash of its tree and (recursively) its parents. Annotated tags are `tag <name> -> <commit>`.
 * The audit log is the list of its events' `type env ids`, oldest first.
 */
export function stableRefs(dir: string, known: ReadonlySet<string>): string {
  const commits = new Map<string, { tree: string; parents: string[] }>();
  const listing = gitResult(dir, ['log', '--all', '--format=%H %T %P'], { allowFailure: true });
  for (const line of listing.stdout.split('\n').filter(Boolean)) {
    const [sha = '', tree = '', ...parents] = line.split(' ');
    commits.set(sha, { tree, parents });
  }
  const memo = new Map<string, string>();
  const canon = (sha: string): string => {
    if (known.has(sha)) return sha.slice(0, 12);
    const cached = memo.get(sha);
    if (cached) return cached;
    const commit = commits.get(sha);
    if (!commit) return `missing:${sha.slice(0, 12)}`;
    const value = `new:${createHash('sha1')
      .update(`${commit.tree} ${commit.parents.map(canon).join(' ')}`)
      .digest('hex')
      .slice(0, 12)}`;
    memo.set(sha, value);
    return value;
  };
  const lines: string[] = [];
  const refs = git(dir, ['for-each-ref', '--format=%(refname) %(objecttype) %(objectname) %(*objectname)']);
  for (const line of refs.split('\n').filter(Boolean)) {
    const [ref = '', type = '', id = '', peeled = ''] = line.split(' ');
    if (ref.endsWith('/relctl/log')) {
      lines.push(`${ref} = [${readEvents(dir, ref).map(eventLine).join(' | ')}]`);
    } else if (type === 'tag') {
      lines.push(`${ref} = tag -> ${canon(peeled)}`);
    } else {
      lines.push(`${ref} = ${canon(id)}`);
    }
  }
  return lines.join('\n');
}

/** Every commit id in the repository (reachable from any ref): the `known` set of {@link stableRefs}. */
export function allCommits(dir: string): Set<string> {
  return new Set(git(dir, ['log', '--all', '--format=%H']).split('\n').filter(Boolean));
}

/** Every `*.lock` file under `dir` (relative paths). */
export function lockFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string, rel: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const relative = rel ? `${rel}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, relative);
      else if (name.endsWith('.lock')) found.push(relative);
    }
  };
  walk(dir, '');
  return found.sort();
}

/** `git status --porcelain` including untracked files. */
export function worktreeStatus(dir: string): string {
  return git(dir, ['status', '--porcelain', '--untracked-files=all']);
}
