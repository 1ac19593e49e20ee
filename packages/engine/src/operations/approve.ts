import { NotFoundError, planApproval, validateRequestId, type Environment, type Plan, type Request } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { approveCandidate } from '../conflicts/approve-candidate.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { assertCanSignApproval } from '../shared/assert-can-sign-approval.js';
import { boundedText } from '../shared/bounded-text.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { findEnvironment } from '../shared/find-environment.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link approve}: a request (`requestId`) or a candidate (`candidate`).
 *
 * @example
 * ```ts
 * const options: ApproveOptions = { session, requestId: 'A', for: 'prod', by: 'Kim <kim@example.com>' };
 * ```
 */
export interface ApproveOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The request whose current head is approved. */
  requestId?: string;
  /** Approve `candidate/<name>` by its tree instead of a request (see `relctl candidate`). */
  candidate?: string;
  /** The environment the approval is for. */
  for: string;
  /** Who approves; default: the session's actor (from git config). Naming someone else is refused when approvals are signed. */
  by?: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link approve} did for a request; `null` for a candidate (its outcome is reported as a
 * `candidate-approved` event, or a `result` event with `json`).
 *
 * @example
 * ```ts
 * const approved: ApproveResult | null = await approve({ session, requestId: 'A', for: 'prod' });
 * ```
 */
export interface ApproveResult {
  env: Environment;
  request: Request;
  plan: Plan;
  /** The run, `null` for a dry run. */
  result: RunResult | null;
  /** The approval recorded: pinned to the request's head at the time. */
  approval: { requestId: string; env: string; sha: string; by: string };
}

/**
 * Record an approval, as `relctl approve <id> --for <env>` does: pinned to the request's current
 * head (a new commit makes it stale), signed with the session's signing key when there is one,
 * recorded in the audit log and pushed. Without `requestId` (or with `candidate`) the candidate
 * is approved by its tree. A refusal (no such request, a key no allowed signer has, `by` naming
 * someone else) changes nothing.
 *
 * @example
 * ```ts
 * const approved = await approve({ session, requestId: 'A', for: 'prod' });
 * console.log(approved?.approval.sha);
 * ```
 */
export async function approve(options: ApproveOptions): Promise<ApproveResult | null> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  boundedText('by', options.by);
  if (options.candidate !== undefined || options.requestId === undefined) {
    await approveCandidate({ context, name: options.candidate, env: options.for, by: options.by, dryRun, json });
    return null;
  }
  const id = options.requestId;
  validateRequestId(id);
  const env = findEnvironment(context.policy, options.for);
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const request = facts.requests.find((candidate) => candidate.id === id);
    if (!request) throw new NotFoundError(`There is no request "${id}"; see "relctl request list".`, { id });
    // A refusal here changes nothing: no signing key, a key no allowed signer has, or `by` naming someone else.
    await assertCanSignApproval(context, env, options.by);
    const by = options.by ?? context.actor;
    const plan = planApproval({ policy: context.policy, facts, requestId: id, env: env.name, by, command: `approve ${id} --for ${env.name}` });
    const result = await executeOrPrint({ context, plan, dryRun, json });
    return { env, request, plan, result, approval: { requestId: id, env: env.name, sha: request.head, by } };
  });
}
