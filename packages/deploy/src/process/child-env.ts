/**
 * Options of {@link childEnv}.
 *
 * @example
 * ```ts
 * const env = childEnv({ base: { PATH: '/usr/bin:/bin', HOME: '/home/deploy' }, relctl: { RELCTL_ENV: 'prod', RELCTL_SHA: sha } });
 * ```
 */
export interface ChildEnvOptions {
  /** The environment to start from (usually `process.env`). */
  base: Record<string, string | undefined>;
  /** The `RELCTL_*` variables of this deploy. */
  relctl: Record<string, string>;
}

/**
 * The complete environment of a deploy child: `base` without any inherited `RELCTL_*`
 * variable (a stale value must not pass for this deploy's), plus this deploy's `RELCTL_*`.
 *
 * @example
 * ```ts
 * const env = childEnv({ base: process.env, relctl: relctlDeployEnv({ env: 'prod', sha, sourceDir }) });
 * ```
 */
export function childEnv(options: ChildEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.base)) {
    if (value !== undefined && !name.startsWith('RELCTL_')) env[name] = value;
  }
  return { ...env, ...options.relctl };
}
