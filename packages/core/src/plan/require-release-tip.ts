import { StateError } from '../errors/index.js';
import type { Sha } from '../model/request.js';
import type { PlanningContext } from './planning-context.js';

/**
 * The release environment's branch tip, for planners that build on production (promotion, request
 * creation, revert). A missing release branch means the repository was never set up.
 *
 * @throws StateError when the release branch does not exist.
 * @example
 * ```ts
 * const prodTip = requireReleaseTip(ctx); // '5d6e7f8…'
 * ```
 */
export function requireReleaseTip(ctx: PlanningContext): Sha {
  const prod = ctx.release;
  const tip = ctx.state(prod.name).tip;
  if (tip === null) {
    throw new StateError(`The ${prod.name} branch ${prod.branch} does not exist; run \`relctl init\` first.`, {
      env: prod.name,
      branch: prod.branch,
    });
  }
  return tip;
}
