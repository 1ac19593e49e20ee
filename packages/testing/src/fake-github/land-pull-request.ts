import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitResult } from '../git.js';
import type { FakePull, MergeMethod } from './fake-github-model.js';

/** Options of {@link landPullRequest}. */
export interface LandPullRequestOptions {
  /** The repository GitHub holds (bare or not). */
  gitDir: string;
  /** The repository's owner, named in GitHub's merge commit message. */
  owner: string;
  pull: FakePull;
  method: MergeMethod;
  /** Login of whoever merges (author of a merge commit). */
  mergedBy: string;
  /** ISO date written into the new commits. */
  date: string;
  /** `commit_title` of the merge call; GitHub's default when absent. */
  commitTitle?: string;
  /** `commit_message` of the merge call; GitHub's default when absent. */
  commitMessage?: string;
  /** Land through a merge queue: build the result on `gh-readonly-queue/<base>/pr-<n>-<base sha>`, then move the base there. */
  queue?: boolean;
}

/** What landing wrote. */
export type LandPullRequestResult = { landed: true; sha: string; baseBefore: string } | { landed: false; reason: 'conflict' | 'rebase-conflict' | 'base-moved' };

/**
 * Land a pull request the way GitHub writes it, with real git objects in the backing repository:
 * - `merge`: a merge commit of base and head, "Merge pull request #N from owner/branch" and the
 *   title, authored by the merger, committed by "GitHub <noreply@github.com>";
 * - `squash`: one commit on base with the pull request's tree merged in, "<title> (#N)" and the
 *   list of its commits, authored by the pull request's author;
 * - `rebase`: every non-merge commit of the head replayed onto base (merge commits dropped, as
 *   GitHub does), authors kept, committer GitHub; the pull request's merge commit is the last one.
 * The base branch moves with a compare-and-swap, like a push; nothing moves on a conflict.
 *
 * @example
 * ```ts
 * const result = landPullRequest({ gitDir: origin, pull, method: 'squash', mergedBy: 'kim', date: '2025-01-01T00:00:00Z' });
 * if (result.landed) console.log(result.sha); // main's new tip
 * ```
 */
export function landPullRequest(options: LandPullRequestOptions): LandPullRequestResult {
  const { gitDir, pull, method, date } = options;
  const base = git(gitDir, ['rev-parse', '--verify', `refs/heads/${pull.base}^{commit}`]);
  const head = git(gitDir, ['rev-parse', '--verify', `refs/heads/${pull.head}^{commit}`]);
  const committer = { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com', GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date };
  const as = (login: string) => ({ ...committer, GIT_AUTHOR_NAME: login, GIT_AUTHOR_EMAIL: `${login}@users.noreply.github.com` });
  let sha: string;
  if (method === 'rebase') {
    const replayed = rebase({ gitDir, base, head, env: committer });
    if (replayed === null) return { landed: false, reason: 'rebase-conflict' };
    sha = replayed;
  } else {
    const merged = gitResult(gitDir, ['merge-tree', '--write-tree', '--no-messages', base, head], { allowFailure: true });
    if (merged.status !== 0) return { landed: false, reason: 'conflict' };
    const tree = merged.stdout.split('\n')[0] ?? '';
    if (method === 'merge') {
      const title = options.commitTitle ?? `Merge pull request #${pull.number} from ${options.owner}/${pull.head}`;
      const message = `${title}\n\n${options.commitMessage ?? pull.title}`;
      sha = git(gitDir, ['commit-tree', tree, '-p', base, '-p', head, '-F', '-'], { input: message, env: as(options.mergedBy) });
    } else {
      const subjects = git(gitDir, ['log', '--format=* %s', '--no-merges', `${base}..${head}`]);
      const title = options.commitTitle ?? `${pull.title} (#${pull.number})`;
      const message = `${title}\n\n${options.commitMessage ?? subjects}`;
      sha = git(gitDir, ['commit-tree', tree, '-p', base, '-F', '-'], { input: message, env: as(pull.user) });
    }
  }
  if (options.queue) {
    const queueRef = `refs/heads/gh-readonly-queue/${pull.base}/pr-${pull.number}-${base}`;
    git(gitDir, ['update-ref', queueRef, sha, '']);
    const moved = gitResult(gitDir, ['update-ref', `refs/heads/${pull.base}`, sha, base], { allowFailure: true });
    git(gitDir, ['update-ref', '-d', queueRef]);
    if (moved.status !== 0) return { landed: false, reason: 'base-moved' };
  } else {
    const moved = gitResult(gitDir, ['update-ref', `refs/heads/${pull.base}`, sha, base], { allowFailure: true });
    if (moved.status !== 0) return { landed: false, reason: 'base-moved' };
  }
  return { landed: true, sha, baseBefore: base };
}

/** Replay base..head without merges onto base in a throw-away worktree; `null` on a conflict. */
function rebase(options: { gitDir: string; base: string; head: string; env: Record<string, string> }): string | null {
  const { gitDir, base, head, env } = options;
  const dir = mkdtempSync(join(tmpdir(), 'fake-github-rebase-'));
  const work = join(dir, 'work');
  try {
    git(gitDir, ['worktree', 'add', '--detach', work, head]);
    const replayed = gitResult(work, ['rebase', '--force-rebase', '--no-autosquash', base], { allowFailure: true, env });
    if (replayed.status !== 0) {
      gitResult(work, ['rebase', '--abort'], { allowFailure: true });
      return null;
    }
    return git(work, ['rev-parse', 'HEAD']);
  } finally {
    gitResult(gitDir, ['worktree', 'remove', '--force', work], { allowFailure: true });
    gitResult(gitDir, ['worktree', 'prune'], { allowFailure: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
