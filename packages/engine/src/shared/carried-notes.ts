import { carriedRecords, describeCarry, shortSha, type Environment, type Facts, type Policy } from '@relctl/core';
import type { GoingRequest } from '@relctl/release-notes';

/**
 * A going request of the release notes with the records that count for it only because they
 * carried across a sync (`approved by Kim, carried across sync 3f2a1c0 → 9b7e2d4`); as it was
 * when there are none.
 *
 * @example
 * ```ts
 * const going = carriedNotes({ policy, facts, env: prod, going: goingRequest(facts, 'B', 'prod') });
 * ```
 */
export function carriedNotes(options: { policy: Policy; facts: Facts; env: Environment; going: GoingRequest }): GoingRequest {
  const { policy, facts, env, going } = options;
  const request = facts.requests.find((candidate) => candidate.id === going.id);
  if (request === undefined) return going;
  const lines = carriedRecords({ policy, facts, request, env }).map((record) =>
    record.kind === 'approval' ? `approved by ${record.by}, ${describeCarry(record)}` : `tested in ${record.env} at ${shortSha(record.from)}, ${describeCarry(record)}`,
  );
  return lines.length === 0 ? going : { ...going, carried: lines };
}
