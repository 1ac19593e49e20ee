import { ConfigError } from '@relctl/core';
import type { DeploySettings } from './deploy-settings-schema.js';
import { validateDeploySettings, type ValidateDeploySettingsOptions } from './validate-deploy-settings.js';

/**
 * Options of {@link assertValidDeploySettings}: those of `validateDeploySettings`, plus the environment name.
 *
 * @example
 * ```ts
 * const settings = assertValidDeploySettings({ input: { strategy: 'command', command: './deploy.sh' }, env: 'prod' });
 * ```
 */
export interface AssertValidDeploySettingsOptions extends ValidateDeploySettingsOptions {
  /** Environment the settings belong to, named in the message. */
  env?: string;
}

/**
 * Like `validateDeploySettings`, but returns the settings or throws a `ConfigError` whose
 * `data.issues` lists every problem (the message names the first one).
 *
 * @example
 * ```ts
 * const settings = assertValidDeploySettings({ input: env.deploy, env: env.name, path: ['environments', 1, 'deploy'] });
 * ```
 */
export function assertValidDeploySettings(options: AssertValidDeploySettingsOptions): DeploySettings {
  const result = validateDeploySettings(options);
  if (result.ok) return result.settings;
  const first = result.issues[0];
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  const where = options.env === undefined ? 'deploy settings' : `deploy settings of ${options.env}`;
  throw new ConfigError(`invalid ${where}: ${first?.path ?? 'deploy'} ${first?.message ?? 'is invalid'}${more}; fix the config file.`, {
    issues: result.issues.map((issue) => ({ ...issue })),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
}
