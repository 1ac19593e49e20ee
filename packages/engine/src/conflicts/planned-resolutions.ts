import type { Environment, Facts, PlannedResolution } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';
import { resolutionPrefixes } from './resolution-prefixes.js';

/**
 * The recorded conflict resolutions each request's merge into `target`'s tip would apply (one
 * trial merge per request, on objects; none when no resolution is recorded at all). For read
 * commands (`notes`) that judge a promotion without planning it.
 */
export async function plannedResolutions(context: CliContext, facts: Facts, target: Environment, ids: readonly string[]): Promise<PlannedResolution[]> {
  let recorded = false;
  for (const prefix of resolutionPrefixes(context.policy)) if ((await context.git.listRefs(prefix)).length > 0) recorded = true;
  const tip = recorded ? await context.git.readRef(branchRef(target.branch)) : null;
  if (tip === null) return [];
  const planned: PlannedResolution[] = [];
  for (const id of ids) {
    const request = facts.requests.find((item) => item.id === id);
    if (request === undefined) continue;
    const outcome = await context.git.mergeCommits(tip, request.head);
    if (!outcome.clean) continue;
    for (const { path, key, commit, by } of outcome.resolutions ?? []) planned.push({ requestId: id, env: target.name, path, key, commit, by });
  }
  return planned;
}
