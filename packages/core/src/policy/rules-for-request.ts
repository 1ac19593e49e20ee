import type { Environment, RuleSpec } from '../model/environment.js';
import type { Request } from '../model/request.js';

/**
 * Options of {@link rulesForRequest}.
 *
 * @example
 * ```ts
 * const options: RulesForRequestOptions = { environment: prod, request: { id: 'H', hotfix: true } };
 * ```
 */
export interface RulesForRequestOptions {
  /** The environment the request is promoted into. */
  environment: Pick<Environment, 'rules' | 'hotfixRules'>;
  /** The request promoted (only `hotfix` is read). */
  request: Pick<Request, 'hotfix'>;
}

/**
 * The rules one request's promotion is checked against, and which of the environment's sets they are.
 *
 * @example
 * ```ts
 * const chosen: RuleSetChoice = { set: 'hotfix', rules: [{ rule: 'approved' }] };
 * ```
 */
export interface RuleSetChoice {
  /** `hotfix` when the environment's `hotfixRules` apply, else `normal`. */
  set: 'normal' | 'hotfix';
  rules: RuleSpec[];
}

/**
 * Choose the rules one request is checked against when promoted into an environment: a hotfix
 * request (see `Request.hotfix`) gets the environment's `hotfixRules` when it has them; every
 * other request, and a hotfix into an environment without `hotfixRules`, gets its `rules`.
 * Pure: the same request and environment always get the same answer.
 *
 * @example
 * ```ts
 * const prod = { rules: [{ rule: 'tested-in' }, { rule: 'approved' }], hotfixRules: [{ rule: 'approved' }] };
 * rulesForRequest({ environment: prod, request: { hotfix: true } }); // { set: 'hotfix', rules: [{ rule: 'approved' }] }
 * rulesForRequest({ environment: prod, request: {} }).set; // 'normal'
 * ```
 */
export function rulesForRequest(options: RulesForRequestOptions): RuleSetChoice {
  const { environment, request } = options;
  if (request.hotfix === true && environment.hotfixRules !== undefined) return { set: 'hotfix', rules: environment.hotfixRules };
  return { set: 'normal', rules: environment.rules };
}

/**
 * Every rule an environment can check a request against: its `rules` and its `hotfixRules`. For
 * questions about the environment as a whole (which facts to gather, which check results to
 * fetch), where a hotfix's lighter set must count as much as the normal one.
 *
 * @example
 * ```ts
 * everyRuleSpec({ rules: [{ rule: 'approved' }], hotfixRules: [{ rule: 'checks' }] }).map((spec) => spec.rule); // ['approved', 'checks']
 * ```
 */
export function everyRuleSpec(environment: Pick<Environment, 'rules' | 'hotfixRules'>): RuleSpec[] {
  return [...environment.rules, ...(environment.hotfixRules ?? [])];
}
