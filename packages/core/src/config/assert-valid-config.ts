import type { Policy } from '../model/policy.js';
import { ConfigError } from '../errors/index.js';
import type { ConfigIssue } from './to-config-issues.js';
import { validateConfig, type RelctlConfig, type ValidateConfigOptions } from './validate-config.js';

/**
 * Like {@link validateConfig}, but throws instead of returning issues. The ConfigError's
 * message is one line: the first issue and how many there are in all; `data.issues` has every one.
 *
 * @throws ConfigError (`data: { issues: ConfigIssue[] }`) when the config is invalid.
 * @example
 * ```ts
 * const { policy } = assertValidConfig({ input: loadedConfig, customRules: Object.keys(customRules) });
 * // ConfigError: Invalid relctl config: environments[1].kind: "prod" is not allowed: use one of "integration", "release" (first of 2 problems).
 * ```
 */
export function assertValidConfig(options: ValidateConfigOptions): { policy: Policy; config: RelctlConfig } {
  const result = validateConfig(options);
  if (result.ok) return { policy: result.policy, config: result.config };
  const first = result.issues[0];
  const count = result.issues.length;
  const summary = first ? `${first.path}: ${first.message}` : 'unknown problem';
  const more = count > 1 ? ` (first of ${count} problems)` : '';
  throw new ConfigError<{ issues: ConfigIssue[] }>(`Invalid relctl config: ${summary}${more}.`, { issues: result.issues });
}
