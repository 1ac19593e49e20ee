import { planDemotion, validateRequestId, type Environment, type Plan } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { findEnvironment } from '../shared/find-environment.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link demote}.
 *
 * @example
 * ```ts
 * const options: DemoteOptions = { session, requestIds: ['B'], from: 'test' };
 * ```
 */
export interface DemoteOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The requests to take off. */
  requestIds: string[];
  /** The integration environment's name. */
  from: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link demote} did.
 *
 * @example
 * ```ts
 * const { env, plan, result }: DemoteResult = await demote({ session, requestIds: ['B'], from: 'test' });
 * ```
 */
export interface DemoteResult {
  env: Environment;
  plan: Plan;
  /** The run, `null` for a dry run. */
  result: RunResult | null;
}

/**
 * Take requests off an integration environment, as `relctl demote <ids…> --from <env>` does: the
 * environment is rebuilt from its base without them, recorded and pushed (a lost push race is
 * retried).
 *
 * @example
 * ```ts
 * const { result } = await demote({ session, requestIds: ['B'], from: 'test' });
 * console.log(result?.outcomes);
 * ```
 */
export async function demote(options: DemoteOptions): Promise<DemoteResult> {
  const context = options.session;
  const ids = options.requestIds.map(String);
  ids.forEach((id) => validateRequestId(id));
  const env = findEnvironment(context.policy, options.from);
  const dryRun = options.dryRun === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const plan = planDemotion({ policy: context.policy, facts, env: env.name, requestIds: ids, command: `demote ${ids.join(' ')} --from ${env.name}` });
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { env, plan, result };
  });
}
