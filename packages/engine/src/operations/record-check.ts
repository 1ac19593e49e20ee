import { NotFoundError, planCheckRecord, type CheckOutcome, type Plan } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link recordCheck}.
 *
 * @example
 * ```ts
 * const options: RecordCheckOptions = { session, name: 'e2e', sha: process.env.GITHUB_SHA!, result: 'pass', url: 'https://ci.example.com/runs/7' };
 * ```
 */
export interface RecordCheckOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The check's name, as the `checks` rule's `required` list names it. */
  name: string;
  /** The full SHA of the commit the result is about: a request head, a candidate's commit. */
  sha: string;
  /** `pass`, `fail` or `pending` (anything else is refused with a `UsageError`). */
  result: CheckOutcome | string;
  /** A link to the run's log (empty: none). */
  url?: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note`, `step` or `check-recorded` events. */
  json?: boolean;
}

/**
 * What {@link recordCheck} did.
 *
 * @example
 * ```ts
 * const { check, requestIds }: RecordCheckResult = await recordCheck({ session, name: 'unit', sha, result: 'pass' });
 * ```
 */
export interface RecordCheckResult {
  check: { name: string; sha: string; result: CheckOutcome; url?: string };
  /** Requests whose current head is the commit (empty for a candidate or another commit). */
  requestIds: string[];
  plan: Plan;
  /** The run; `null` for a dry run. */
  result: RunResult | null;
}

/**
 * Record a check result (a CI job's outcome) about one exact commit in the audit log, as
 * `relctl check record <name> --sha <sha> --result pass|fail|pending [--url …]` does: fetch,
 * append one `checked` event (signed with the recorder's git signing key when one is set, so a
 * team that requires signatures can count it), and push, retrying a lost push race. The
 * `checks` rule then counts it for the request whose head is that commit, or for the release
 * whose tree is that commit's tree. Bad input (a name, a SHA that is not a full commit id, an
 * unknown result, a link) throws `UsageError`; a commit this repository does not have throws
 * `NotFoundError` (exit code 2 both); nothing changes then.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   await recordCheck({ session, name: 'e2e', sha: headSha, result: 'fail', url: 'https://ci.example.com/runs/7' });
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function recordCheck(options: RecordCheckOptions): Promise<RecordCheckResult> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  const sha = options.sha.trim().toLowerCase();
  const command = `check record ${options.name}`;
  // An empty link (a CI variable that is not set) is no link.
  const url = options.url === undefined || options.url.trim() === '' ? undefined : options.url.trim();
  let outcome = null as RecordCheckResult | null;
  // Refuse bad input before anything is fetched or read.
  planCheckRecord({ policy: context.policy, facts: emptyFacts(), name: options.name, sha, result: options.result as CheckOutcome, url, actor: context.actor, command });
  await withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    try {
      await context.git.readCommit(sha);
    } catch {
      throw new NotFoundError(`There is no commit ${sha} in this repository; fetch it (git fetch) or check --sha, then record again.`, { sha });
    }
    const plan = planCheckRecord({ policy: context.policy, facts, name: options.name, sha, result: options.result as CheckOutcome, url, actor: context.actor, command });
    const result = await executeOrPrint({ context, plan, dryRun, json });
    const requestIds = facts.requests.filter((request) => request.head === sha).map((request) => request.id);
    const check = { name: options.name, sha, result: options.result as CheckOutcome, ...(url === undefined ? {} : { url }) };
    if (result !== null && !json) {
      context.emit({ type: 'check-recorded', ...check, requestIds, signed: context.signingKey !== null && plan.steps.length > 0 });
    }
    outcome = { check, requestIds, plan, result };
  });
  if (outcome === null) throw new Error('recordCheck: the retry loop ended without an outcome');
  return outcome;
}

function emptyFacts() {
  return { now: 0, requests: [], environments: [], approvals: [], events: [], conflicts: [], logTip: null };
}
