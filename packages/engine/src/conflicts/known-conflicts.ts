import { listConflictPairs, type Facts, type KnownConflict } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { releaseEnvironment } from '../facts/gather-facts.js';
import { openRequests } from './open-requests.js';
import { readConflictCache } from './read-conflict-cache.js';
import { resolutionsFingerprint } from './resolutions-fingerprint.js';

/**
 * The conflicts already known for the open requests at their current heads: the pairs (and
 * request + production tip) that an earlier `relctl conflicts`, `candidate` or promotion merged
 * and found conflicting, read from the conflict cache. Nothing is merged here, so `status` stays
 * fast; a pair never merged is simply not known yet (`relctl conflicts --all` computes them all).
 * `resolutions`: the recorded resolutions' fingerprint, when the caller started reading it early.
 */
export async function knownConflicts(context: CliContext, facts: Facts, resolutions?: Promise<string>): Promise<KnownConflict[]> {
  const requests = openRequests({ policy: context.policy, facts });
  if (requests.length === 0) return [];
  const release = releaseEnvironment(context.policy);
  const releaseState = facts.environments.find((state) => state.name === release.name);
  const cache = readConflictCache(context.repo.commonDir, await (resolutions ?? resolutionsFingerprint(context)));
  if (Object.keys(cache).length === 0) return [];
  // Only heads that take part in a known conflict can be in one: pairing just those keeps this
  // from listing every pair of 200 requests (19,900) to find the few conflicting ones.
  const conflicting = new Set<string>();
  for (const [key, result] of Object.entries(cache)) if (!result.clean) for (const sha of key.split(':')) conflicting.add(sha);
  if (conflicting.size === 0) return [];
  const involved = requests.filter((request) => conflicting.has(request.sha));
  const base = releaseState?.tip && conflicting.has(releaseState.tip) ? { env: release.name, tip: releaseState.tip } : null;
  const known: KnownConflict[] = [];
  for (const pair of listConflictPairs({ requests: involved, base })) {
    const result = cache[pair.key];
    if (result !== undefined && !result.clean) known.push({ a: pair.a, b: pair.b, paths: [...result.paths] });
  }
  return known;
}
