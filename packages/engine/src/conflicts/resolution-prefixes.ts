import { RESOLUTIONS_PREFIX } from '@relctl/git';
import type { Policy } from '@relctl/core';

/**
 * Where resolutions are looked up: this clone's `refs/relctl/resolutions/`, then the team's as
 * last fetched from the policy's remote (every writing command fetches `refs/relctl/*` into
 * `refs/remotes/<remote>/relctl/*`).
 */
export function resolutionPrefixes(policy: Pick<Policy, 'remote'>): string[] {
  return policy.remote ? [RESOLUTIONS_PREFIX, `refs/remotes/${policy.remote}/relctl/resolutions/`] : [RESOLUTIONS_PREFIX];
}
