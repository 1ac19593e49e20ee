import { ConfigError, type ConfigIssue, type Policy } from '@relctl/core';
import { validateDeploySettings } from '@relctl/deploy';

/**
 * Check every environment's `deploy` settings when a command opens the config, so a broken
 * deploy section is reported before anything runs (exit 2), at its path:
 * `Invalid relctl config: environments[1].deploy.strategy: … (first of 2 problems).`
 * Environments keep their config order in the policy, so the index is the one in the file.
 *
 * @throws ConfigError (`data.issues`) naming `environments[i].deploy…`.
 * @example
 * ```ts
 * assertValidDeployConfig(policy);
 * ```
 */
export function assertValidDeployConfig(policy: Policy): void {
  const issues: ConfigIssue[] = [];
  policy.environments.forEach((env, index) => {
    if (env.deploy === undefined) return;
    const result = validateDeploySettings({ input: env.deploy, path: ['environments', index, 'deploy'] });
    if (!result.ok) issues.push(...result.issues);
  });
  const first = issues[0];
  if (!first) return;
  const more = issues.length > 1 ? ` (first of ${issues.length} problems)` : '';
  throw new ConfigError<{ issues: ConfigIssue[] }>(`Invalid relctl config: ${first.path}: ${first.message}${more}.`, { issues });
}
