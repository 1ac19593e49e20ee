import { everyRuleSpec, type CheckResult, type Policy } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { githubRepository } from '../shared/promotion-pull-request.js';

/** Whether some `checks` rule counts GitHub's results (`from` lists `github`). */
export function checksFromGithub(policy: Policy): boolean {
  return policy.environments.some((env) =>
    everyRuleSpec(env).some((spec) => spec.rule === 'checks' && Array.isArray(spec.options?.['from']) && (spec.options['from'] as unknown[]).includes('github')),
  );
}

/**
 * GitHub's check runs and commit statuses of `shas`, for a policy whose `checks` rule counts them
 * (`from: [github]`); `[]` for any other policy, without a word. Without a GitHub token or
 * repository, or when GitHub refuses (a rate limit, a token without `checks: read`), a `warning`
 * event says so in one line and the results are left out: the rule then names the check as
 * without a result, and nothing is decided on results relctl could not read.
 *
 * @example
 * ```ts
 * const extra = await readGithubChecks({ context, shas: requests.map((request) => request.head) });
 * ```
 */
export async function readGithubChecks(options: { context: CliContext; shas: readonly string[] }): Promise<CheckResult[]> {
  const { context } = options;
  if (!checksFromGithub(context.policy) || options.shas.length === 0 || context.offline !== null) return [];
  const github = await githubRepository(context);
  if (github === null) {
    context.emit({
      type: 'warning',
      message: 'the checks rule counts GitHub results, but no GitHub token or repository is set (GITHUB_TOKEN, RELCTL_GITHUB_REPOSITORY); only recorded results are read.',
    });
    return [];
  }
  try {
    const { githubChecks } = await import('../github/github-checks.js');
    return await githubChecks({ client: github.client, owner: github.owner, repo: github.repo, shas: options.shas });
  } catch (error) {
    context.emit({ type: 'warning', message: `${error instanceof Error ? error.message : String(error)} (GitHub check results are left out)` });
    return [];
  }
}
