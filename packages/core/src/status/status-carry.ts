import { carryModeFor } from '../carry/carry-mode-for.js';
import { carryOf } from '../carry/carry-of.js';
import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';

/**
 * Options of {@link statusCarry}.
 *
 * @example
 * ```ts
 * const options: StatusCarryOptions = { policy, facts, request, env: prod, sha: approval.sha, kind: 'approval' };
 * ```
 */
export interface StatusCarryOptions {
  policy: Policy;
  facts: Facts;
  request: Request;
  /** The environment of the record: approved for it, or held by it. */
  env: Environment;
  /** The SHA the record is about. */
  sha: Sha;
  /** `approval`: the `approved` rule of `env` decides; `member`: the `tested-in` rule of the environments `env` is the source of. */
  kind: 'approval' | 'member';
}

/**
 * Whether status shows a record of an earlier head as carried to the current head, judged with
 * the carry mode of the rule that reads it: an approval for `env` with `env`'s `approved` rule, a
 * merge held by `env` with the `tested-in` rule of an environment promoted from `env` (else
 * `env`'s own `carry`). `undefined`: not carried (current, or stale).
 *
 * @example
 * ```ts
 * statusCarry({ policy, facts, request, env: prod, sha: approval.sha, kind: 'approval' }); // { from: '3f2a…', to: '9b7e…' }
 * ```
 */
export function statusCarry(options: StatusCarryOptions): { from: Sha; to: Sha } | undefined {
  const { policy, facts, request, env, sha, kind } = options;
  if (sha === request.head || facts.lineage === undefined) return undefined;
  const reader = kind === 'approval' ? env : (policy.environments.find((target) => target.source === env.name) ?? env);
  const mode = carryModeFor({ env: reader, rule: kind === 'approval' ? 'approved' : 'tested-in' });
  const verdict = carryOf({ facts, request, sha, mode });
  return verdict.state === 'carried' ? { from: verdict.from, to: verdict.to } : undefined;
}
