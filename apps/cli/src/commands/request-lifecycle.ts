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
  dryRun: boolean;
}

/** The option `request close` adds to `relctl request`. */
export const LIFECYCLE_REASON_OPTION = { type: 'string', describe: 'Why the request is closed (close; logged)' } as const;

/** The examples of `request close|reopen|reship` in `relctl request --help`. */
export const LIFECYCLE_EXAMPLES: [string, string][] = [
  ['$0 request close B --reason "the customer withdrew it"', 'Take B off test and out of status; keep its branch'],
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
      const { plan, result } = await closeRequest({ ...common, ...(args.reason === undefined ? {} : { reason: args.reason }) });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
      else if (result)
        io.stdout(
          `Closed ${id}: it is off every test environment and out of "relctl status" (see "relctl status --all"); its branch stays. Reopen it with "relctl request reopen ${id}".\n`,
        );
      return;
    }
    if (args.action === 'reopen') {
      const { plan, result } = await reopenRequest(common);
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
      else if (result) io.stdout(`Reopened ${id}. Promote it to test again with "relctl promote ${id} --to <env>".\n`);
      return;
    }
    const { plan, result } = await reshipRequest(common);
    if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
    else if (result)
      io.stdout(`${id} is ready to ship again: its branch brings the change back with its changeset. Promote it to test, approve it and promote it to production as usual.\n`);
  });
}
