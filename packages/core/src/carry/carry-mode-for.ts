import type { Environment } from '../model/environment.js';
import { CARRY_MODES, DEFAULT_CARRY_MODE, type CarryMode } from './carry-mode.js';

/**
 * Options of {@link carryModeFor}.
 *
 * @example
 * ```ts
 * const options: CarryModeForOptions = { env: prod, rule: 'approved' };
 * ```
 */
export interface CarryModeForOptions {
  /** The environment whose rule it is (the promotion's target). */
  env: Pick<Environment, 'carry' | 'rules'>;
  /** `approved`, `tested-in` or `soak`. */
  rule: string;
  /** The rule's options when the caller has them already (else read from `env.rules`). */
  options?: Record<string, unknown>;
}

const isCarryMode = (value: unknown): value is CarryMode => (CARRY_MODES as readonly unknown[]).includes(value);

/**
 * The carry mode of one rule on one environment: the rule's own `carry` option, else the
 * environment's `carry`, else `sync`.
 *
 * @example
 * ```ts
 * carryModeFor({ env: { carry: 'none', rules: [{ rule: 'approved', options: { carry: 'sync' } }] }, rule: 'approved' }); // 'sync'
 * ```
 */
export function carryModeFor(options: CarryModeForOptions): CarryMode {
  const own = (options.options ?? options.env.rules.find((spec) => spec.rule === options.rule)?.options)?.['carry'];
  if (isCarryMode(own)) return own;
  return options.env.carry ?? DEFAULT_CARRY_MODE;
}
