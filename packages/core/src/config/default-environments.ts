import type { EnvironmentConfig } from './config-schema.js';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
};

/**
 * The environments used when a config has no `environments`: `test` (integration, rebuilt on
 * `env/test` from `main`; warns about requests older than 30 days) and `prod` (release on `main`,
 * promoted from `test`, guarded by `tested-in`, `approved`, `changeset`, `depends-on` and
 * `clean-merge`). Written in the config's own shape, and validated like user input.
 *
 * @example
 * ```ts
 * validateConfig({ input: { environments: [...DEFAULT_ENVIRONMENTS] } }); // same as validateConfig({ input: {} })
 * ```
 */
export const DEFAULT_ENVIRONMENTS: readonly EnvironmentConfig[] = deepFreeze([
  {
    name: 'test',
    kind: 'integration',
    branch: 'env/test',
    rules: [{ rule: 'max-age', options: { days: 30 }, level: 'warn' }],
  },
  {
    name: 'prod',
    kind: 'release',
    branch: 'main',
    source: 'test',
    rules: ['tested-in', 'approved', 'changeset', 'depends-on', 'clean-merge'],
  },
]);

/**
 * {@link DEFAULT_ENVIRONMENTS} with production on `productionBranch` (a service adopting relctl
 * on `master` keeps its branch); `main` or nothing gives the defaults themselves.
 *
 * @example
 * ```ts
 * defaultEnvironmentsOn('master').find((env) => env.kind === 'release')?.branch; // 'master'
 * ```
 */
export function defaultEnvironmentsOn(productionBranch: string | undefined): readonly EnvironmentConfig[] {
  if (productionBranch === undefined || productionBranch === 'main') return DEFAULT_ENVIRONMENTS;
  return DEFAULT_ENVIRONMENTS.map((env) => (env.kind === 'release' ? { ...env, branch: productionBranch } : env));
}
