import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * A promotion was denied by a rule; `data.outcomes` holds the failing outcomes (exit 3).
 *
 * @example
 * ```ts
 * const decision = evaluatePromotion({ policy, facts, intent });
 * if (decision.denied.length > 0) {
 *   throw new RuleDeniedError('B is denied by rule "approved"; record one with relctl approve B --for prod.', { outcomes: [] });
 * }
 * ```
 */
export class RuleDeniedError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'RuleDeniedError';
  constructor(message: string, data: D = {} as D) {
    super('RuleDeniedError', message, data, ExitCode.denied);
  }
}
