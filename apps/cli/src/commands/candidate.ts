import {
  MergeConflictError,
  candidateRef,
  planCandidate,
  validateRequestId,
  type Facts,
  type MergeClosure,
} from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import { findCandidateClosure } from '@relctl/engine/internal';
import { trialCandidate, type TrialCandidate } from '@relctl/engine/internal';
import { gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import { shortSha, toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { withRemoteRetry } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';

interface CandidateArgs {
  ids: string[];
  name?: string;
  withDeps: boolean;
  dryRun: boolean;
  maxTrials: number;
}

/** `relctl candidate <ids…>`: build exactly what production would become, on `candidate/<name>`. */
export const candidateCommand = defineCommand<CandidateArgs>({
  command: 'candidate <ids..>',
  describe: 'Build the exact tree production would have after promoting these requests, on branch candidate/<name>',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Request ids' })
      .option('name', { type: 'string', describe: 'Candidate name (branch candidate/<name>; default: the ids joined by "-")' })
      .option('with-deps', {
        type: 'boolean',
        default: false,
        describe: 'Add declared dependencies, and the smallest set of test requests without which the subset does not merge',
      })
      .option('max-trials', { type: 'number', default: 64, describe: 'Bound on trial merges when looking for the requests a subset needs' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan and the tree; move no ref' })
      .example('$0 candidate A C', 'Build candidate/A-C: main plus A and C, released, as production would get it')
      .example('$0 approve --candidate A-C --for prod', 'After testing it: pin the approval to its tree'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ids = args.ids.map(String);
      ids.forEach((id) => validateRequestId(id));
      const name = args.name ?? ids.join('-');
      const ref = candidateRef({ name });
      await withRemoteRetry(context, args.dryRun, async () => {
        const facts = await gatherFacts(context);
        let chosen = ids;
        let trial = await trialCandidate({ context, facts, requestIds: chosen, withDeps: args.withDeps });
        let added: string[] = [];
        if (!trial.clean) {
          const { closure, pool } = await findCandidateClosure({ context, facts, chosen: ids, withDeps: args.withDeps, maxTrials: args.maxTrials });
          if (!args.withDeps || closure.ids === null) throw conflictError(context, trial, closure, pool, ids);
          chosen = closure.ids;
          added = closure.added;
          trial = await trialCandidate({ context, facts, requestIds: chosen, withDeps: true });
          if (!trial.clean) throw conflictError(context, trial, closure, pool, ids);
          io.stderr(`note: ${ids.join(', ')} do not merge without ${added.join(', ')}; the candidate includes ${added.length === 1 ? 'it' : 'them'} (--with-deps).\n`);
        }
        await leaseCandidateBranch(context, ref);
        const built = planCandidate({
          policy: context.policy,
          facts,
          requestIds: chosen,
          name,
          current: await context.git.readRef(ref),
          withDeps: args.withDeps,
          command: `candidate ${chosen.join(' ')} --name ${name}`,
        });
        const contains = await containedRequests(context, facts, built.merged);
        for (const line of contains) built.plan.notes.push(line.note);
        const result = await executeOrPrint({ context, plan: built.plan, dryRun: args.dryRun, json: args.json });
        const commit = result ? (result.state.working[built.ref] ?? trial.commit) : trial.commit;
        const tree = result ? (await context.git.readCommit(commit)).tree : trial.tree;
        const version = result?.state.release?.version ?? null;
        const branch = `candidate/${name}`;
        if (args.json) {
          io.stdout(
            toJson({
              dryRun: args.dryRun,
              candidate: name,
              branch,
              commit: args.dryRun ? null : commit,
              tree,
              base: built.base,
              requestIds: built.merged,
              shas: built.shas,
              added,
              contains: contains.map(({ request, contains: inside }) => ({ request, contains: inside })),
              version,
              plan: built.plan,
            }),
          );
          return;
        }
        const release = releaseEnvironment(context.policy);
        const head = args.dryRun ? `Candidate ${branch} would be` : `Built ${branch}:`;
        io.stdout(`${head} ${release.branch} at ${shortSha(built.base)} + ${built.merged.join(', ')}${version ? `, released as ${version}` : ''}.\n`);
        if (!args.dryRun) io.stdout(`commit ${commit}\n`);
        io.stdout(`tree ${tree}\n`);
        if (!args.dryRun) io.stdout(`Deploy and test it like an environment branch, then: relctl approve --candidate ${name} --for ${release.name}\n`);
      });
    }),
});

/**
 * Candidate branches are rebuilt (not fast-forwarded) and are not among the refs the remote sync
 * leases, so lease the push on the remote-tracking value of the branch as fetched.
 */
async function leaseCandidateBranch(context: CliContext, ref: string): Promise<void> {
  const name = context.policy.remote;
  if (!name || !context.remote) return;
  const tracking = context.remote.trackingRef(name, ref);
  const theirs = tracking ? await context.git.readRef(tracking) : null;
  context.runOptions.leases = { ...(context.runOptions.leases ?? {}), [ref]: theirs };
}

/** Requests whose commits another merged request already carries (its head is an ancestor): shipping one ships both. */
async function containedRequests(context: CliContext, facts: Facts, merged: string[]): Promise<Array<{ request: string; contains: string; note: string }>> {
  const release = releaseEnvironment(context.policy);
  const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  const found: Array<{ request: string; contains: string; note: string }> = [];
  for (const id of merged) {
    const request = facts.requests.find((item) => item.id === id);
    if (!request) continue;
    for (const other of facts.requests) {
      if (merged.includes(other.id) || other.head === request.head) continue;
      if (tip !== null && (await context.git.isAncestor(other.head, tip))) continue;
      if (await context.git.isAncestor(other.head, request.head)) {
        found.push({
          request: id,
          contains: other.id,
          note: `${request.branch} contains ${other.branch} (its head ${shortSha(other.head)}): shipping ${id} ships ${other.id}'s changes too.`,
        });
      }
    }
  }
  return found;
}

function conflictError(context: CliContext, trial: TrialCandidate, closure: MergeClosure, pool: string | null, ids: string[]): MergeConflictError {
  const release = releaseEnvironment(context.policy);
  const failing = trial.clean ? '?' : trial.requestId;
  const paths = trial.clean ? [] : trial.conflicts.map((conflict) => conflict.path);
  const index = trial.order.indexOf(failing);
  const before = index > 0 ? ` + ${trial.order.slice(0, index).join(', ')}` : '';
  const what = `${failing} does not merge into ${release.branch}${before}: conflict in ${paths.join(', ') || '?'}`;
  const advice =
    closure.ids !== null
      ? `it merges together with ${closure.added.join(', ')} from ${pool ?? 'the source environment'}: run "relctl candidate ${closure.ids.join(' ')}", or add --with-deps`
      : closure.exhausted
        ? `no set of ${pool ?? 'source environment'} requests makes it merge; resolve it on its branch (relctl sync ${failing} --worktree), see "relctl conflicts"`
        : `no set found within ${closure.trials} trials (raise --max-trials); or resolve it on its branch (relctl sync ${failing} --worktree)`;
  return new MergeConflictError(`Nothing changed: ${what}; ${advice}.`, {
    requestIds: ids,
    requestId: failing,
    conflicts: trial.clean ? [] : trial.conflicts,
    closure: closure.ids,
    added: closure.added,
  });
}
