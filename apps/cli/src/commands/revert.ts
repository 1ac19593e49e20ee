import { MergeConflictError, planRevert, validateRequestId, type Plan } from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import { gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { withRemoteRetry } from '@relctl/engine/internal';
import { boundedText } from '@relctl/engine/internal';

interface RevertArgs {
  id: string;
  dryRun: boolean;
  reason?: string;
}

/**
 * `relctl revert <id>`: take a shipped request out of production by reverting its merge commit
 * (`git revert -m 1`), released as a new patch version and tagged; integration environments are
 * rebuilt on the new production tip. A revert that conflicts with later changes is refused
 * before anything moves.
 */
export const revertCommand = defineCommand<RevertArgs>({
  command: 'revert <id>',
  describe: 'Take a shipped request out of production: revert its merge, release a patch version, rebuild test',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Request id' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('reason', { type: 'string', describe: 'Why the request must go (logged and written in the revert commit)' })
      .example('$0 revert A --reason "CSV export breaks checkout"', 'Take A out of production as a new patch release')
      .example('$0 revert A --dry-run', 'Show what reverting A would do'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const id = String(args.id);
      validateRequestId(id);
      boundedText('reason', args.reason);
      await withRemoteRetry(context, args.dryRun, async () => {
        const facts = await gatherFacts(context);
        const plan = planRevert({
          policy: context.policy,
          facts,
          requestId: id,
          ...(args.reason !== undefined ? { reason: args.reason } : {}),
          command: `revert ${id}`,
        });
        await trialRevert(context, plan);
        const result = await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
        if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, release: result?.state.release ?? null }));
        else if (result?.state.release) io.stdout(`Reverted ${id}: released ${result.state.release.tagName}.\n`);
      });
    }),
});

/**
 * Compute the plan's revert on objects before anything runs (the way the `revert` step does), so
 * a revert that conflicts with later changes is refused with nothing changed — no run to undo.
 */
async function trialRevert(context: CliContext, plan: Plan): Promise<void> {
  const step = plan.steps.find((candidate) => candidate.kind === 'revert');
  if (step?.kind !== 'revert') return;
  const { git } = context;
  const tip = plan.expected[step.ref];
  const merge = await git.readCommit(step.commit);
  const parent = merge.parents[0];
  if (!tip || parent === undefined) return;
  const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(context.io.now() / 1000), timezoneOffset: 0 };
  const theirs = await git.writeCommit({
    tree: (await git.readCommit(parent)).tree,
    parents: [step.commit],
    message: 'relctl: trial revert (never referenced)\n',
    author: identity,
    committer: identity,
  });
  const outcome = await git.mergeCommits(tip, theirs);
  if (outcome.clean) return;
  const paths = outcome.conflicts.map((conflict) => conflict.path);
  throw new MergeConflictError(
    `Nothing changed: reverting ${step.requestId} conflicts with later changes on ${step.env} in ${paths.join(', ')}; revert by hand with "git revert -m 1 ${step.commit.slice(0, 7)}" and resolve the conflict.`,
    { requestId: step.requestId, env: step.env, commit: step.commit, conflicts: outcome.conflicts },
  );
}
