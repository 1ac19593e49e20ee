import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';
import { carryModeFor } from './carry-mode-for.js';
import { carryOf } from './carry-of.js';

/**
 * A record of an earlier head that counts for a promotion of the request's current head into
 * `env` because it carried across trivial syncs: an approval for `env` (`by`), or the source
 * environment holding the earlier head (`tested-in`).
 *
 * @example
 * ```ts
 * const record: CarriedRecord = { kind: 'approval', env: 'prod', by: 'Kim <kim@example.com>', from: '3f2a…', to: '9b7e…' };
 * ```
 */
export type CarriedRecord = { kind: 'approval'; env: string; by: string; from: Sha; to: Sha } | { kind: 'tested-in'; env: string; from: Sha; to: Sha };

/**
 * Options of {@link carriedRecords}.
 *
 * @example
 * ```ts
 * const options: CarriedRecordsOptions = { policy, facts, request, env: prod };
 * ```
 */
export interface CarriedRecordsOptions {
  policy: Policy;
  facts: Facts;
  request: Request;
  /** The promotion's target. */
  env: Environment;
}

/**
 * The records a promotion of `request` into `env` counts only because they carried across a
 * sync, for release notes and pull requests to say so: its approvals for `env` and what `env`'s
 * source holds, each judged with the carry mode of the rule that reads it.
 *
 * @example
 * ```ts
 * carriedRecords({ policy, facts, request, env: prod });
 * // [{ kind: 'approval', env: 'prod', by: 'Kim', from: '3f2a…', to: '9b7e…' }]
 * ```
 */
export function carriedRecords(options: CarriedRecordsOptions): CarriedRecord[] {
  const { facts, request, env } = options;
  const records: CarriedRecord[] = [];
  const approvalMode = carryModeFor({ env, rule: 'approved' });
  for (const approval of facts.approvals) {
    if (approval.requestId !== request.id || approval.env !== env.name) continue;
    const verdict = carryOf({ facts, request, sha: approval.sha, mode: approvalMode });
    if (verdict.state === 'carried') records.push({ kind: 'approval', env: env.name, by: approval.by, from: verdict.from, to: verdict.to });
  }
  const source = env.source;
  const member = facts.environments.find((state) => state.name === source)?.members.find((item) => item.requestId === request.id);
  if (source !== undefined && member !== undefined) {
    const verdict = carryOf({ facts, request, sha: member.sha, mode: carryModeFor({ env, rule: 'tested-in' }) });
    if (verdict.state === 'carried') records.push({ kind: 'tested-in', env: source, from: verdict.from, to: verdict.to });
  }
  return records;
}
