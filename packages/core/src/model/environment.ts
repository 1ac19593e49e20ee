/**
 * `integration` environments (test) are rebuilt from their base plus one merge per request;
 * `release` environments (prod) only move forward by `--no-ff` merges and release commits.
 *
 * @example
 * ```ts
 * const kind: EnvironmentKind = env.name === 'prod' ? 'release' : 'integration';
 * ```
 */
export type EnvironmentKind = 'integration' | 'release';

/**
 * A rule as configured on an environment: its name, options, and whether failing denies or warns.
 *
 * @example
 * ```ts
 * const spec: RuleSpec = { rule: 'soak', options: { hours: 24 }, level: 'warn' };
 * ```
 */
export interface RuleSpec {
  /** Built-in rule name (`tested-in`, `approved`, …) or the name of a custom rule. */
  rule: string;
  /** Rule-specific options, validated by the rule's own option schema. */
  options?: Record<string, unknown>;
  /** `error` (default): a failing result denies the promotion. `warn`: a failure is reported only. */
  level?: 'error' | 'warn';
}

/**
 * One ordered stage a request moves through.
 *
 * @example
 * ```ts
 * const test: Environment = { name: 'test', branch: 'env/test', kind: 'integration', base: 'prod', rules: [] };
 * const prod: Environment = { name: 'prod', branch: 'main', kind: 'release', source: 'test', rules: [{ rule: 'tested-in' }] };
 * ```
 */
export interface Environment {
  /** Unique name, e.g. `test`, `prod`. */
  name: string;
  /** Short branch name the environment lives on, e.g. `env/test`, `main`. */
  branch: string;
  kind: EnvironmentKind;
  /**
   * The environment requests are promoted from (checked by `tested-in`, `soak`, …).
   * Usually set on the release environment (`prod` ← `test`).
   */
  source?: string;
  /**
   * Integration environments only: the environment whose tip is the base of every rebuild.
   * Defaults to the release environment.
   */
  base?: string;
  /** Checks every promotion into this environment must pass. */
  rules: RuleSpec[];
  /**
   * The lighter rule set a hotfix request (`relctl request new <id> --hotfix`) is checked against
   * instead of {@link Environment.rules}, when configured; a hotfix follows `rules` without it.
   */
  hotfixRules?: RuleSpec[];
  /** Deploy settings; opaque to the core, interpreted by the deploy adapter. */
  deploy?: Record<string, unknown>;
  /**
   * Approvals for this environment count only when signed by an allowed signer (`Approval.signature`
   * verified); the approver is then the signer's principal, whatever the record claims.
   */
  requireSignatures?: boolean;
}
