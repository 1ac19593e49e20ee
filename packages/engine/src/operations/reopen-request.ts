import { planReopen, validateRequestId } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import type { CloseRequestResult } from './close-request.js';

/**
 * Options of {@link reopenRequest}.
 *
 * @example
 * ```ts
 * const options: ReopenRequestOptions = { session, requestId: 'B' };
 * ```
 */
export interface ReopenRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  requestId: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * Reopen a closed request, as `relctl request reopen <id>` does: log `reopened` and push. It is
 * on no environment: promote it again to test it.
 *
 * @example
 * ```ts
 * const { result } = await reopenRequest({ session, requestId: 'B' });
 * ```
 */
export async function reopenRequest(options: ReopenRequestOptions): Promise<CloseRequestResult> {
  const context = options.session;
  const id = String(options.requestId);
  validateRequestId(id);
  const dryRun = options.dryRun === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const plan = planReopen({ policy: context.policy, facts, requestId: id, command: `request reopen ${id}` });
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result };
  });
}
