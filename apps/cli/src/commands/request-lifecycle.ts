import type { Plan } from '@relctl/core';
import { closeRequest, reopenRequest, reshipRequest } from '@relctl/engine';
import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import type { GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';

/** The `relctl request` actions that move a request through its life (this file runs them). */
export const LIFECYCLE_ACTIONS = ['close', 'reopen', 'reship'] as const;

/** One of {@link LIFECYCLE_ACTIONS}. */
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** What the lifecycle actions read from the command line. */
export interface LifecycleArgs extends GlobalOptions {
  action: string;
  id?: string;
  reason?: string;
  deleteBranch?: boolean;
  dryRun: boolean;
}

/** The option `request close` adds to `relctl request`. */
export const LIFECYCLE_REASON_OPTION = { type: 'string', describe: 'Why the request is closed (close; logged)' } as const;

/** The option `request close --delete-branch` adds to `relctl request`. */
export const LIFECYCLE_DELETE_BRANCH_OPTION = {
  type: 'boolean',
  default: false,
  describe: 'Also delete the request branch, here and on the remote (close; reopen creates it again)',
} as const;

/** The examples of `request close|reopen|reship` in `relctl request --help`. */
export const LIFECYCLE_EXAMPLES: [string, string][] = [
  ['$0 request close B --reason "the customer withdrew it"', 'Take B off test and out of status; keep its branch'],
  ['$0 request close D --delete-branch', 'Close D and delete req/D here and on the remote'],
  ['$0 request reopen B', 'B is wanted again: promote it to test anew'],
  ['$0 request reship A', 'After "relctl revert A": bring A back on its branch to ship it again'],
];

/** Whether `action` is one of the lifecycle actions. */
export function isLifecycleAction(action: string): action is LifecycleAction {
  return (LIFECYCLE_ACTIONS as readonly string[]).includes(action);
}

/** Run `request close|reopen|reship <id>` and print what happened (or the plan, or JSON). */
export async function runLifecycleAction(args: LifecycleArgs & { action: LifecycleAction; id: string }, io: Io): Promise<void> {
  return withContext(args, io, async (context) => {
    const id = args.id;
    const common = { session: context, requestId: id, dryRun: args.dryRun, json: args.json };
    if (args.action === 'close') {
      const deleteBranch = args.deleteBranch === true;
      const { plan, result } = await closeRequest({ ...common, deleteBranch, ...(args.reason === undefined ? {} : { reason: args.reason }) });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
      else if (result) io.stdout(closedMessage(id, deleteBranch ? deletedBranchOf(plan) : undefined));
      return;
    }
    if (args.action === 'reopen') {
      const { plan, result } = await reopenRequest(common);
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
      else if (result) io.stdout(`Reopened ${id}${restoredBranchNote(plan)}. Promote it to test again with "relctl promote ${id} --to <env>".\n`);
      return;
    }
    const { plan, result } = await reshipRequest(common);
    if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
    else if (result)
      io.stdout(`${id} is ready to ship again: its branch brings the change back with its changeset. Promote it to test, approve it and promote it to production as usual.\n`);
  });
}

/** What `request close` says it did; `deleted` is the deleted branch and the commit it held. */
function closedMessage(id: string, deleted: { branch: string; sha: string } | undefined): string {
  const branch =
    deleted === undefined
      ? 'its branch stays'
      : `deleted branch ${deleted.branch} (was ${deleted.sha.slice(0, 7)}; while git still has that commit, reopen creates the branch again)`;
  return `Closed ${id}: it is off every test environment and out of "relctl status" (see "relctl status --all"); ${branch}. Reopen it with "relctl request reopen ${id}".\n`;
}

/** The branch a close plan deletes and its head when planned. */
function deletedBranchOf(plan: Plan): { branch: string; sha: string } | undefined {
  const step = plan.steps.find((candidate) => candidate.kind === 'delete-ref');
  const sha = step === undefined ? undefined : plan.expected[step.ref];
  return step === undefined || !sha ? undefined : { branch: step.ref.replace(/^refs\/heads\//, ''), sha };
}

/** `; its branch req/B is back at 1a2b3c4` when reopening created the deleted branch again. */
function restoredBranchNote(plan: Plan): string {
  const step = plan.steps.find((candidate) => candidate.kind === 'reset' && plan.expected[candidate.ref] === null);
  if (step === undefined || step.kind !== 'reset' || !('sha' in step.to)) return '';
  return `; its branch ${step.ref.replace(/^refs\/heads\//, '')} is back at ${step.to.sha.slice(0, 7)}`;
}
