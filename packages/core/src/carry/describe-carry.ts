import type { Sha } from '../model/request.js';
import { shortSha } from '../rules/short-sha.js';

/**
 * How relctl says a record was carried: `carried across sync 3f2a1c0 → 9b7e2d4`.
 *
 * @example
 * ```ts
 * `approved by Kim, ${describeCarry({ from: approval.sha, to: request.head })}`;
 * ```
 */
export function describeCarry(options: { from: Sha; to: Sha }): string {
  return `carried across sync ${shortSha(options.from)} → ${shortSha(options.to)}`;
}
