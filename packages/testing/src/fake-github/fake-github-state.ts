import { createHash } from 'node:crypto';
import { gitResult } from '../git.js';
import type { GithubObjects } from './create-github-objects.js';
import type { FakeCheckRun, FakeComment, FakePull, FakeReview, FakeStatus, MergeMethod } from './fake-github-model.js';

/** Everything the fake GitHub holds, and the few reads every operation shares. */
export interface FakeGithubState {
  owner: string;
  repo: string;
  apiUrl: string;
  gitDir: string | null;
  defaultBranch: string;
  mergeMethods: MergeMethod[];
  mergeQueue: boolean;
  objects: GithubObjects;
  pulls: FakePull[];
  reviews: FakeReview[];
  comments: FakeComment[];
  checkRuns: FakeCheckRun[];
  statuses: FakeStatus[];
  /** The next timestamp: a fixed start, one second per call, so answers are the same every run. */
  now(): string;
  /** The next id of a kind (`review`, `comment`, …): counters, so ids are the same every run. */
  nextId(kind: string): number;
  /** The commit a branch points at: from the backing repository, else a stable made-up sha per branch (`null`: no such branch). */
  branchSha(branch: string): string | null;
  /** The commit a ref names (sha, `heads/x`, `tags/x`, branch name), or `null`. */
  resolveCommit(ref: string): string | null;
  /** Bring an open pull request's head and base commits up to date with the branches. */
  refresh(pull: FakePull): FakePull;
  /** The GitHub account a commit's email address belongs to, or `null` (GitHub then shows no user). */
  accountOf(email: string): string | null;
}

/** Options of {@link createFakeGithubState}. */
export interface CreateFakeGithubStateOptions {
  owner: string;
  repo: string;
  apiUrl: string;
  gitDir: string | null;
  defaultBranch: string;
  mergeMethods: MergeMethod[];
  mergeQueue: boolean;
  objects: GithubObjects;
  /** Verified email addresses of accounts (address → login). */
  emails?: Record<string, string>;
}

const START = Date.parse('2025-01-01T00:00:00Z');

/**
 * The fake's state with a deterministic clock and id counters. Without a backing repository,
 * every branch exists and its sha is derived from its name, so tests that do not merge need no
 * git at all.
 *
 * @example
 * ```ts
 * const state = createFakeGithubState({ owner: 'acme', repo: 'shop', apiUrl, gitDir: null, defaultBranch: 'main', mergeMethods: ['merge'], mergeQueue: false, objects });
 * state.now(); // '2025-01-01T00:00:00Z'
 * ```
 */
export function createFakeGithubState(options: CreateFakeGithubStateOptions): FakeGithubState {
  let tick = 0;
  const counters = new Map<string, number>();
  const { emails: addresses = {}, ...rest } = options;
  const { gitDir } = options;
  // GitHub matches addresses without regard to case.
  const emails = new Map(Object.entries(addresses).map(([address, login]) => [address.toLowerCase(), login]));
  const revParse = (name: string): string | null => {
    if (gitDir === null) return null;
    const result = gitResult(gitDir, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], { allowFailure: true });
    return result.status === 0 && /^[0-9a-f]{40}$/.test(result.stdout) ? result.stdout : null;
  };
  const state: FakeGithubState = {
    ...rest,
    pulls: [],
    reviews: [],
    comments: [],
    checkRuns: [],
    statuses: [],
    now() {
      const at = new Date(START + tick * 1000).toISOString().replace('.000Z', 'Z');
      tick += 1;
      return at;
    },
    nextId(kind) {
      const next = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, next);
      return next;
    },
    branchSha(branch) {
      if (gitDir === null) return createHash('sha1').update(`branch:${branch}`).digest('hex');
      return revParse(`refs/heads/${branch}`);
    },
    resolveCommit(ref) {
      if (gitDir === null) {
        if (/^[0-9a-f]{40}$/.test(ref)) return ref;
        const branch = ref.replace(/^(refs\/)?heads\//, '');
        return state.pulls.some((pull) => pull.head === branch || pull.base === branch) || branch === options.defaultBranch ? state.branchSha(branch) : null;
      }
      if (/^[0-9a-f]{40}$/.test(ref)) return revParse(ref);
      if (ref.startsWith('heads/') || ref.startsWith('tags/')) return revParse(`refs/${ref}`);
      return revParse(`refs/heads/${ref}`) ?? revParse(`refs/tags/${ref}`);
    },
    refresh(pull) {
      if (pull.state !== 'open') return pull;
      pull.headSha = state.branchSha(pull.head) ?? pull.headSha;
      pull.baseSha = state.branchSha(pull.base) ?? pull.baseSha;
      return pull;
    },
    accountOf(email) {
      const known = emails.get(email.toLowerCase());
      if (known !== undefined) return known;
      // Every account has a no-reply address, `login@…` or `id+login@users.noreply.github.com`;
      // GitHub commits made on the web (merges, squashes) as `GitHub <noreply@github.com>`, which it shows as web-flow.
      const noreply = /^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$/i.exec(email);
      if (noreply) return noreply[1] as string;
      return email.toLowerCase() === 'noreply@github.com' ? 'web-flow' : null;
    },
  };
  return state;
}
