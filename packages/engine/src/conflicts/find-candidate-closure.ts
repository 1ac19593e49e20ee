import { findMergeClosure, type Facts, type MergeClosure } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { releaseEnvironment } from '../facts/gather-facts.js';
import { trialCandidate } from './trial-candidate.js';

/** Options of {@link findCandidateClosure}. */
export interface FindCandidateClosureOptions {
  context: CliContext;
  facts: Facts;
  /** The chosen requests (in promotion order). */
  chosen: string[];
  withDeps?: boolean;
  /** Bound on trial promotions (default 64). */
  maxTrials?: number;
}

/** The search result plus where the extra requests were looked for. */
export interface CandidateClosure {
  closure: MergeClosure;
  /** The environment whose members were tried (the release environment's source), or `null`. */
  pool: string | null;
}

/**
 * The smallest set of requests, the chosen ones plus members of the release environment's source
 * environment (test), whose trial promotion merges cleanly: subsets tried in size order, merged in
 * the source environment's order, bounded by `maxTrials`.
 */
export async function findCandidateClosure(options: FindCandidateClosureOptions): Promise<CandidateClosure> {
  const { context, facts } = options;
  const release = releaseEnvironment(context.policy);
  const source = context.policy.environments.find((env) => env.name === release.source) ?? context.policy.environments.find((env) => env.kind === 'integration');
  const released = new Set(
    (facts.environments.find((state) => state.name === release.name)?.members ?? [])
      .filter((member) => facts.requests.some((request) => request.id === member.requestId && request.head === member.sha))
      .map((member) => member.requestId),
  );
  const pool = (facts.environments.find((state) => state.name === source?.name)?.members ?? [])
    .map((member) => member.requestId)
    .filter((id) => !released.has(id) && facts.requests.some((request) => request.id === id));
  const closure = await findMergeClosure({
    chosen: options.chosen,
    pool,
    merges: async (ids) => (await trialCandidate({ context, facts, requestIds: ids, withDeps: options.withDeps ?? false })).clean,
    maxTrials: options.maxTrials ?? 64,
  });
  return { closure, pool: source?.name ?? null };
}
