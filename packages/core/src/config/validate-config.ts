import { z } from 'zod';
import type { Environment, RuleSpec } from '../model/environment.js';
import type { Policy } from '../model/policy.js';
import { isBuiltInRuleName, ruleOptionSchemas } from '../rules/built-in-rules.js';
import { configErrorMap } from './config-error-map.js';
import { configSchema, environmentSchema, type GitBackend, type ReleaseChangelogStyle } from './config-schema.js';
import { crossCheckConfig } from './cross-check-config.js';
import { defaultEnvironmentsOn } from './default-environments.js';
import { formatIssuePath } from './format-issue-path.js';
import { toConfigIssues, type ConfigIssue } from './to-config-issues.js';

/**
 * A validated configuration with every default filled in: the policy plus tool settings.
 *
 * @example
 * ```ts
 * const { config } = assertValidConfig({ input: {} });
 * config.git.backend; // 'auto'
 * ```
 */
export interface RelctlConfig extends Policy {
  git: { backend: GitBackend };
  /** Pushing: how many seconds a command keeps retrying after losing a push race. */
  push: { retrySeconds: number };
  /** How releases are written: changelog style and package tags. */
  release: { changelog: ReleaseChangelogStyle; packageTags: boolean };
}

/**
 * Options of {@link validateConfig}.
 *
 * @example
 * ```ts
 * const result = validateConfig({ input: loadedYaml, customRules: ['has-ticket'] });
 * ```
 */
export interface ValidateConfigOptions {
  /** The config as loaded (JSON, YAML or a JS object). `undefined` or `null` (an empty file) means all defaults. */
  input: unknown;
  /** Names of the custom rules the config defines (functions in a JS/TS config). */
  customRules?: readonly string[];
  /**
   * The branch the default `prod` environment releases on when the config has no `environments`
   * (default `main`): the production branch found in the repository, e.g. `master`.
   */
  productionBranch?: string;
}

/**
 * The outcome of {@link validateConfig}.
 *
 * @example
 * ```ts
 * const result: ValidateConfigResult = validateConfig({ input });
 * if (!result.ok) result.issues.forEach((issue) => console.error(`${issue.path}: ${issue.message}`));
 * ```
 */
export type ValidateConfigResult = { ok: true; policy: Policy; config: RelctlConfig } | { ok: false; issues: ConfigIssue[] };

const DEFAULTS_NOTE = ' (in the default environments; set "environments" to choose your own)';
const parseOptions = { error: configErrorMap, reportInput: true } as const;

const normalizeRules = (entries: z.output<typeof environmentSchema>['rules']): RuleSpec[] =>
  (entries ?? []).map((entry) => {
    const spec = typeof entry === 'string' ? { rule: entry } : entry;
    const options = isBuiltInRuleName(spec.rule) ? ruleOptionSchemas[spec.rule].parse(spec.options ?? {}) : { ...(spec.options ?? {}) };
    return { rule: spec.rule, options, level: spec.level ?? 'error' };
  });

/**
 * Check a relctl configuration and turn it into a {@link Policy}. Reports every problem it
 * finds, each with a path (`environments[1].rules[0]`, `(root)`) and a message saying what is
 * wrong and what is allowed: unknown keys, wrong types, duplicate environment names or
 * branches, not exactly one `release` environment, `source`/`base` naming a missing
 * environment, itself, or forming a cycle, `base` on a release environment, branch names git
 * refuses or that collide with the request prefix, unknown rules, and each built-in rule's
 * options (in `rules` and in `hotfixRules` alike). Without `environments`, {@link DEFAULT_ENVIRONMENTS} apply (releasing on
 * `productionBranch` when given). Filled-in defaults:
 * `requestPrefix` `req/`, `tagPrefix` `v`, `remote` `origin`, `git.backend` `auto`, `push.retrySeconds` 120,
 * `base` the release environment, rule `level` `error`, and rule option defaults.
 *
 * @example
 * ```ts
 * const result = validateConfig({ input: { environments: [{ name: 'prod', kind: 'release', branch: 'main' }] } });
 * if (result.ok) console.log(result.policy.environments[0].name); // 'prod'
 * else for (const issue of result.issues) console.log(`${issue.path}: ${issue.message}`);
 * ```
 */
export function validateConfig(options: ValidateConfigOptions): ValidateConfigResult {
  const input = options.input ?? {};
  const parsed = configSchema.safeParse(input, parseOptions);
  if (!parsed.success) return { ok: false, issues: toConfigIssues({ issues: parsed.error.issues }) };

  const config = parsed.data;
  const usingDefaults = config.environments === undefined;
  let environments = config.environments;
  if (environments === undefined) {
    const defaults = z.array(environmentSchema).safeParse(defaultEnvironmentsOn(options.productionBranch), parseOptions);
    if (!defaults.success) return { ok: false, issues: toConfigIssues({ issues: defaults.error.issues, prefix: ['environments'] }) };
    environments = defaults.data;
  }

  const raw = crossCheckConfig({ config, environments, customRules: options.customRules ?? [] });
  if (raw.length > 0) {
    const order = ['requestPrefix', 'tagPrefix', 'remote', 'environments'];
    const rank = (path: readonly PropertyKey[]): number => (order.indexOf(String(path[0])) + 1) * 100_000 + (typeof path[1] === 'number' ? path[1] : -1);
    const sorted = raw.map((issue, index) => ({ issue, index })).sort((x, y) => rank(x.issue.path) - rank(y.issue.path) || x.index - y.index);
    const issues = sorted
      .map(({ issue }) => issue)
      .flatMap((issue) =>
        issue.optionIssues ? toConfigIssues({ issues: issue.optionIssues, prefix: issue.path }) : [{ path: formatIssuePath(issue.path), message: issue.message }],
      );
    return {
      ok: false,
      issues: usingDefaults ? issues.map((issue) => (issue.path.startsWith('environments') ? { ...issue, message: `${issue.message}${DEFAULTS_NOTE}` } : issue)) : issues,
    };
  }

  const release = environments.find((environment) => environment.kind === 'release');
  const normalized: Environment[] = environments.map((environment) => {
    const base = environment.kind === 'integration' ? (environment.base ?? release?.name) : undefined;
    return {
      name: environment.name,
      kind: environment.kind,
      branch: environment.branch,
      ...(environment.source !== undefined ? { source: environment.source } : {}),
      ...(base !== undefined ? { base } : {}),
      rules: normalizeRules(environment.rules),
      ...(environment.hotfixRules !== undefined ? { hotfixRules: normalizeRules(environment.hotfixRules) } : {}),
      ...(environment.deploy !== undefined ? { deploy: { ...environment.deploy } } : {}),
      ...(environment.requireSignatures === true ? { requireSignatures: true } : {}),
    };
  });
  const policy: Policy = {
    requestPrefix: config.requestPrefix,
    tagPrefix: config.tagPrefix,
    remote: config.remote,
    environments: normalized,
    allowedSigners: config.allowedSigners,
  };
  return {
    ok: true,
    policy,
    config: {
      ...policy,
      git: { backend: config.git.backend },
      push: { retrySeconds: config.push.retrySeconds },
      release: { changelog: config.release.changelog, packageTags: config.release.packageTags },
    },
  };
}
