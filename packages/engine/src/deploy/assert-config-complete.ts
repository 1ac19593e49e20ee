import { RuleDeniedError, type Environment, type Sha } from '@relctl/core';
import { checkDeployConfig, type ConfigCompleteResult, type DeploySettings } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';

/** Options of {@link assertConfigComplete}. */
export interface AssertConfigCompleteOptions {
  context: CliContext;
  env: Environment;
  settings: DeploySettings;
  /** The commit about to ship: its template (e.g. `.env.example`) lists the required keys. */
  sha: Sha;
}

/**
 * The `config-complete` check of an environment, run by the CLI (it reads a file outside the
 * repository and the process environment, so it cannot be a pure core rule): every key the
 * template in `sha` lists must have a value in `deploy.config.file` and/or the environment.
 * Refuses with a `RuleDeniedError` (exit 3) naming the missing keys only, never values.
 * Returns `null` when the environment configures no `deploy.config`.
 *
 * @example
 * ```ts
 * await assertConfigComplete({ context, env, settings, sha }); // throws: "config-complete: prod is missing 1 of 3 config keys …"
 * ```
 */
export async function assertConfigComplete(options: AssertConfigCompleteOptions): Promise<ConfigCompleteResult | null> {
  const { context, env, settings } = options;
  if (!settings.config) return null;
  const result = await checkDeployConfig({
    git: context.git,
    commit: options.sha,
    config: settings.config,
    env: env.name,
    vars: { ...context.io.env },
    ...(context.repo.dir ? { repoDir: context.repo.dir } : {}),
  });
  if (!result.ok) {
    throw new RuleDeniedError(`config-complete: ${result.message}; then run the command again.`, {
      rule: 'config-complete',
      env: env.name,
      missing: result.missing,
      template: settings.config.template,
    });
  }
  return result;
}
