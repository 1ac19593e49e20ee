import { UsageError, planCandidateApproval } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { assertCanSignApproval } from '../shared/assert-can-sign-approval.js';
import { findEnvironment } from '../shared/find-environment.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { readCandidate } from './read-candidate.js';

/** Options of {@link approveCandidate}. */
export interface ApproveCandidateOptions {
  context: CliContext;
  /** Candidate name; `undefined` when neither a request nor a candidate was named. */
  name: string | undefined;
  env: string;
  by: string | undefined;
  dryRun: boolean;
  json: boolean;
}

/**
 * `relctl approve --candidate <name> --for <env>`: record an approval pinned to the candidate's
 * tree (and commit, base and request heads), which `verified-candidate` checks at promotion.
 */
export async function approveCandidate(options: ApproveCandidateOptions): Promise<void> {
  const { context, dryRun, json } = options;
  if (options.name === undefined || options.name === '') {
    throw new UsageError('Name what to approve: a request (relctl approve <id> --for <env>) or a candidate (relctl approve --candidate <name> --for <env>).', {});
  }
  const name = options.name;
  const env = findEnvironment(context.policy, options.env);
  await withRemoteRetry(context, dryRun, async () => {
    const candidate = await readCandidate(context, name);
    const facts = await gatherFacts(context);
    await assertCanSignApproval(context, env, options.by);
    const by = options.by ?? context.actor;
    const stale: string[] = [];
    for (const [id, sha] of Object.entries(candidate.shas)) {
      const head = facts.requests.find((request) => request.id === id)?.head;
      if (head !== undefined && head !== sha) stale.push(`${id} moved since it was built (${sha.slice(0, 7)} -> ${head.slice(0, 7)})`);
    }
    const release = releaseEnvironment(context.policy);
    const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
    if (tip !== null && tip !== candidate.base) stale.push(`${release.branch} moved since it was built`);
    const plan = planCandidateApproval({
      policy: context.policy,
      facts,
      env: env.name,
      candidate,
      by,
      command: `approve --candidate ${name} --for ${env.name}`,
    });
    const result = await executeOrPrint({ context, plan, dryRun, json });
    const summary = {
      candidate: name,
      env: env.name,
      tree: candidate.tree,
      commit: candidate.commit,
      base: candidate.base,
      requestIds: candidate.requestIds,
      shas: candidate.shas,
      by,
      stale,
    };
    if (json) context.emit({ type: 'result', value: { dryRun, plan, approval: summary } });
    else if (result) {
      context.emit({ type: 'candidate-approved', candidate: name, requestIds: candidate.requestIds, env: env.name, tree: candidate.tree, by });
    }
    if (!json && stale.length > 0) {
      context.emit({ type: 'warning', message: `candidate ${name} is out of date: ${stale.join('; ')}; a promotion will be refused until it is rebuilt and approved again.` });
    }
  });
}
