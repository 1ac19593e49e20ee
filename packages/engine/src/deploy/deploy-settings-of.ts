import { ConfigError, type Environment, type Policy } from '@relctl/core';
import { assertValidDeploySettings, type DeploySettings } from '@relctl/deploy';

/**
 * The validated deploy settings of an environment, or a `ConfigError` (exit 2) saying how to
 * add them when it has none.
 *
 * @example
 * ```ts
 * const settings = deploySettingsOf(context.policy, findEnvironment(context.policy, 'prod'));
 * ```
 */
export function deploySettingsOf(policy: Policy, env: Environment): DeploySettings {
  const index = policy.environments.indexOf(env);
  if (env.deploy === undefined) {
    throw new ConfigError(
      `${env.name} has no deploy settings; add "deploy: { strategy: directory, path: … }" or "deploy: { strategy: command, command: [ … ] }" to environments[${index}] in the config.`,
      { env: env.name, issues: [{ path: `environments[${index}].deploy`, message: 'is required to deploy' }] },
    );
  }
  return assertValidDeploySettings({ input: env.deploy, env: env.name, path: ['environments', index, 'deploy'] });
}
