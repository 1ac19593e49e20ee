import { formatIssuePath, type ConfigIssue } from '@relctl/core';
import { deployErrorMap } from './deploy-error-map.js';
import { DEFAULT_DEPLOY_TIMEOUT_SECONDS, DEFAULT_KEEP_RELEASES, deploySettingsSchema, type DeploySettings } from './deploy-settings-schema.js';

/**
 * Options of {@link validateDeploySettings}.
 *
 * @example
 * ```ts
 * const result = validateDeploySettings({ input: environment.deploy, path: ['environments', 1, 'deploy'] });
 * ```
 */
export interface ValidateDeploySettingsOptions {
  /** An environment's `deploy` value as configured (opaque to the core). */
  input: unknown;
  /** Where `input` sits in the config, for issue paths. Default `['deploy']`; e.g. `['environments', 1, 'deploy']`. */
  path?: readonly PropertyKey[];
}

/**
 * Outcome of {@link validateDeploySettings}.
 *
 * @example
 * ```ts
 * const result: ValidateDeploySettingsResult = validateDeploySettings({ input });
 * ```
 */
export type ValidateDeploySettingsResult = { ok: true; settings: DeploySettings } | { ok: false; issues: ConfigIssue[] };

/**
 * Check an environment's `deploy` settings and fill in defaults (`timeoutSeconds` 600, `keep` 5).
 * Every problem is reported with its path (`deploy.strategy`, `deploy.command`,
 * `deploy.config.file`) and a one-line message; string values are never echoed (they may be
 * secrets).
 *
 * @example
 * ```ts
 * const result = validateDeploySettings({ input: { strategy: 'directory', path: '/srv/app', after: ['systemctl', 'restart', 'app'] } });
 * if (result.ok) result.settings.keep; // 5
 * else for (const issue of result.issues) console.error(`${issue.path}: ${issue.message}`);
 * ```
 */
export function validateDeploySettings(options: ValidateDeploySettingsOptions): ValidateDeploySettingsResult {
  const prefix = options.path ?? ['deploy'];
  const parsed = deploySettingsSchema.safeParse(options.input, { error: deployErrorMap, reportInput: true });
  if (!parsed.success) {
    const seen = new Set<string>();
    const issues: ConfigIssue[] = [];
    for (const issue of parsed.error.issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0] ?? '');
      const formatted = { path: formatIssuePath(path), message: issue.message };
      const key = `${formatted.path}\n${formatted.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(formatted);
      }
    }
    return { ok: false, issues };
  }
  const data = parsed.data;
  const timeoutSeconds = data.timeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_SECONDS;
  const config = data.config === undefined ? {} : { config: { ...data.config } };
  if (data.strategy === 'command') {
    return {
      ok: true,
      settings: {
        strategy: 'command',
        command: Array.isArray(data.command) ? [...data.command] : data.command,
        ...(data.cwd !== undefined ? { cwd: data.cwd } : {}),
        timeoutSeconds,
        ...config,
      },
    };
  }
  return {
    ok: true,
    settings: {
      strategy: 'directory',
      path: data.path,
      keep: data.keep ?? DEFAULT_KEEP_RELEASES,
      ...(data.before !== undefined ? { before: Array.isArray(data.before) ? [...data.before] : data.before } : {}),
      ...(data.after !== undefined ? { after: Array.isArray(data.after) ? [...data.after] : data.after } : {}),
      timeoutSeconds,
      ...config,
    },
  };
}
