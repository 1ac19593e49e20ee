import type { CheckOutcome, CheckResult } from '@relctl/core';
import type { GithubCheckRun, GithubClient, GithubCommitStatus, RepositoryName } from './create-github-client.js';

/**
 * Options of {@link githubChecks}.
 *
 * @example
 * ```ts
 * const options: GithubChecksOptions = { client, owner: 'acme', repo: 'shop', shas: [headOfA, headOfB] };
 * ```
 */
export interface GithubChecksOptions extends RepositoryName {
  client: GithubClient;
  /** The commits to ask about (request heads, candidate commits); each is asked once. */
  shas: readonly string[];
}

/** A completed run that GitHub's required checks count as passing: success, neutral or skipped. */
const PASSING = new Set(['success', 'neutral', 'skipped']);

const runOutcome = (run: GithubCheckRun): CheckOutcome => (run.status !== 'completed' ? 'pending' : PASSING.has(run.conclusion ?? '') ? 'pass' : 'fail');
const statusOutcome = (status: GithubCommitStatus): CheckOutcome => (status.state === 'success' ? 'pass' : status.state === 'pending' ? 'pending' : 'fail');
const time = (iso: string | null): number => {
  const at = iso === null ? NaN : Date.parse(iso);
  return Number.isFinite(at) ? at : 0;
};

/**
 * The check results GitHub holds about each commit, as facts for the `checks` rule: every check
 * run (the latest per name and app; `pending` until completed, then `pass` for success, neutral
 * or skipped, as GitHub's required checks count them, else `fail`) with source `github-check`
 * and the app's slug as `by`, and every commit status (the latest per context; success `pass`,
 * pending `pending`, failure and error `fail`) with source `github-status` and its creator.
 * All pages are read. A failure (a rate limit, a token without `checks: read`/`statuses: read`)
 * is the client's one clear typed error.
 *
 * @example
 * ```ts
 * const checks = await githubChecks({ client, owner: 'acme', repo: 'shop', shas: [head] });
 * // [{ name: 'e2e', result: 'fail', sha: head, source: 'github-check', by: 'github-actions', at: 1735689605000, url: 'https://…' }]
 * ```
 */
export async function githubChecks(options: GithubChecksOptions): Promise<CheckResult[]> {
  const { client, owner, repo } = options;
  const found: CheckResult[] = [];
  for (const sha of [...new Set(options.shas)]) {
    for (const run of await client.listCheckRuns({ owner, repo, sha })) {
      found.push({ name: run.name, result: runOutcome(run), sha, source: 'github-check', by: run.app, at: time(run.at), ...(run.url === null ? {} : { url: run.url }) });
    }
    const seen = new Set<string>();
    // Newest first: the first status of a context is its current one.
    for (const status of await client.listCommitStatuses({ owner, repo, sha })) {
      if (seen.has(status.context)) continue;
      seen.add(status.context);
      found.push({
        name: status.context,
        result: statusOutcome(status),
        sha,
        source: 'github-status',
        by: status.creator,
        at: time(status.at),
        ...(status.url === null ? {} : { url: status.url }),
      });
    }
  }
  return found;
}
