import type { Argv } from 'yargs';
import { NotFoundError, UsageError, describeCarry, validateRequestId, type Bump } from '@relctl/core';
import { boundedText, listRequests, newRequest, showRequest } from '@relctl/engine';
import { colorsFor } from '../output/colors.js';
import { formatAge, shortSha, toJson } from '../output/format.js';
import { renderTable } from '../output/table.js';
import type { Io } from '../io.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';
import {
  LIFECYCLE_ACTIONS,
  LIFECYCLE_EXAMPLES,
  LIFECYCLE_DELETE_BRANCH_OPTION,
  LIFECYCLE_REASON_OPTION,
  isLifecycleAction,
  runLifecycleAction,
  type LifecycleAction,
} from './request-lifecycle.js';
import { printable } from '../output/printable.js';
import { BY_WIDTH, TITLE_WIDTH } from '../output/render-status.js';

interface RequestArgs {
  action: 'new' | 'list' | 'show' | LifecycleAction;
  id?: string;
  title?: string;
  requester?: string;
  bump: Bump;
  dependsOn: string[];
  hotfix: boolean;
  dryRun: boolean;
  reason?: string;
  deleteBranch: boolean;
}

/** `relctl request new|list|show|close|reopen|reship`: create a request branch with its changeset, look at requests, or move one through its life. */
export const requestCommand = defineCommand<RequestArgs>({
  command: 'request <action> [id]',
  describe: 'Create a request (branch + changeset + audit event), list requests, show one; close, reopen or reship one',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', { choices: ['new', 'list', 'show', ...LIFECYCLE_ACTIONS] as const, describe: 'new, list, show, close, reopen or reship' })
      .positional('id', { type: 'string', describe: 'Request id (all but list)' })
      .option('title', { type: 'string', describe: 'What the user asked for (new)' })
      .option('requester', { type: 'string', describe: 'Who asked for it (new)' })
      .option('bump', { choices: ['patch', 'minor', 'major', 'none'] as const, default: 'patch' as const, describe: 'Version bump when it ships (new)' })
      .option('depends-on', { type: 'string', array: true, default: [], describe: 'Requests that must ship first (new)' })
      .option('hotfix', { type: 'boolean', default: false, describe: "A hotfix: checked against the environments' hotfixRules (new)" })
      .option('reason', LIFECYCLE_REASON_OPTION)
      .option('delete-branch', LIFECYCLE_DELETE_BRANCH_OPTION)
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing (new, close, reopen, reship)' })
      .example('$0 request new A --title "CSV export of orders" --requester Kim --bump minor', 'Start request A from production')
      .example('$0 request new H --hotfix --title "Checkout returns 500"', 'Start hotfix H from production')
      .example('$0 request list', 'Every request and where it is')
      .example(LIFECYCLE_EXAMPLES),
  run: async (args, io) => {
    // A flag that deletes must never be ignored by an action that does not read it.
    if (args.deleteBranch && args.action !== 'close') {
      throw new UsageError(`--delete-branch belongs to "relctl request close"; "request ${args.action}" does not delete branches.`, { option: 'delete-branch' });
    }
    boundedText('title', args.title);
    boundedText('requester', args.requester);
    if (args.action === 'list') return printRequests(args, io);
    if (!args.id) throw new NotFoundError(`"relctl request ${args.action}" needs a request id, e.g. "relctl request ${args.action} A".`, {});
    validateRequestId(args.id);
    if (isLifecycleAction(args.action)) return runLifecycleAction({ ...args, action: args.action, id: args.id }, io);
    return args.action === 'new' ? printNewRequest(args, io) : printRequest(args, io);
  },
});

async function printNewRequest(args: RequestArgs & GlobalOptions & { id?: string }, io: Io) {
  return withContext(args, io, async (context) => {
    const id = args.id as string;
    const { plan, result, branch, changesetPath } = await newRequest({
      session: context,
      id,
      ...(args.title === undefined ? {} : { title: args.title }),
      ...(args.requester === undefined ? {} : { requester: args.requester }),
      bump: args.bump,
      dependsOn: args.dependsOn,
      ...(args.hotfix ? { hotfix: true } : {}),
      dryRun: args.dryRun,
      json: args.json,
    });
    if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
    else if (result) io.stdout(`Created ${args.hotfix ? 'hotfix' : 'request'} ${id} on ${branch} with ${changesetPath}. Check it out with "git switch ${branch}".\n`);
  });
}

async function printRequests(args: GlobalOptions, io: Io) {
  return withContext(args, io, async (context) => {
    const { requests, now } = await listRequests({ session: context });
    if (args.json) {
      io.stdout(toJson(requests));
      return;
    }
    if (requests.length === 0) {
      io.stdout('No requests yet. Start one with "relctl request new <id> --title …".\n');
      return;
    }
    const colors = colorsFor(io);
    const rows = requests.map((request) => [
      colors.bold(request.id),
      printable(request.title, { max: TITLE_WIDTH }),
      request.requester === undefined ? '-' : printable(request.requester, { max: BY_WIDTH }),
      request.changeset?.bump ?? colors.yellow('no changeset'),
      request.closed !== undefined ? colors.dim('closed') : request.environments.join(', ') || '-',
      request.createdAt === undefined ? '-' : formatAge(now - request.createdAt),
    ]);
    io.stdout(renderTable(['request', 'title', 'requester', 'bump', 'in', 'age'], rows));
  });
}

async function printRequest(args: RequestArgs & GlobalOptions, io: Io) {
  return withContext(args, io, async (context) => {
    const { request, environments, approvals, events } = await showRequest({ session: context, id: args.id as string });
    if (args.json) {
      io.stdout(toJson({ request, environments, approvals, events }));
      return;
    }
    io.stdout(`${request.id}: ${printable(request.title)}${request.hotfix ? ' (hotfix)' : ''}\n`);
    io.stdout(`  branch     ${request.branch} at ${shortSha(request.head)}\n`);
    io.stdout(`  requester  ${request.requester === undefined ? '-' : printable(request.requester)}\n`);
    io.stdout(`  changeset  ${request.changeset ? `${request.changeset.bump}: ${printable(request.changeset.summary.split('\n')[0] ?? '')}` : 'none'}\n`);
    io.stdout(`  depends on ${request.dependsOn.length ? request.dependsOn.join(', ') : '-'}\n`);
    for (const env of environments) {
      const held = env.carried ? ` (holds ${shortSha(env.sha)}, ${describeCarry(env.carried)})` : env.sha && env.state === 'stale' ? ` (holds ${shortSha(env.sha)})` : '';
      io.stdout(`  ${env.env.padEnd(10)} ${env.state}${held}\n`);
    }
    for (const approval of approvals) {
      const note = approval.carried ? `, ${describeCarry(approval.carried)}` : approval.fresh ? '' : ' (stale: the branch moved since)';
      io.stdout(`  approved for ${approval.env} by ${printable(approval.by)} at ${shortSha(approval.sha)}${note}\n`);
    }
  });
}
