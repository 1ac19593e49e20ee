import type { Argv } from 'yargs';
import { NotFoundError, planRequestCreate, validateRequestId, type Bump } from '@relctl/core';
import { formatRequestChangeset } from '@relctl/release-notes';
import type { CliContext } from '@relctl/engine/internal';
import { branchRef, gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import { colorsFor } from '../output/colors.js';
import { formatAge, shortSha, toJson } from '../output/format.js';
import { renderTable } from '../output/table.js';
import type { Io } from '../io.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { readFromRemote } from '@relctl/engine/internal';
import { withRemoteRetry } from '@relctl/engine/internal';
import { printable } from '../output/printable.js';
import { BY_WIDTH, TITLE_WIDTH } from '../output/render-status.js';
import { boundedText } from '@relctl/engine/internal';

interface RequestArgs {
  action: 'new' | 'list' | 'show';
  id?: string;
  title?: string;
  requester?: string;
  bump: Bump;
  dependsOn: string[];
  dryRun: boolean;
}

/** `relctl request new|list|show`: create a request branch with its changeset, or look at requests. */
export const requestCommand = defineCommand<RequestArgs>({
  command: 'request <action> [id]',
  describe: 'Create a request (branch + changeset + audit event), list requests, or show one',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', { choices: ['new', 'list', 'show'] as const, describe: 'new, list or show' })
      .positional('id', { type: 'string', describe: 'Request id (new, show)' })
      .option('title', { type: 'string', describe: 'What the user asked for (new)' })
      .option('requester', { type: 'string', describe: 'Who asked for it (new)' })
      .option('bump', { choices: ['patch', 'minor', 'major', 'none'] as const, default: 'patch' as const, describe: 'Version bump when it ships (new)' })
      .option('depends-on', { type: 'string', array: true, default: [], describe: 'Requests that must ship first (new)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing (new)' })
      .example('$0 request new A --title "CSV export of orders" --requester Kim --bump minor', 'Start request A from production')
      .example('$0 request list', 'Every request and where it is'),
  run: async (args, io) => {
    boundedText('title', args.title);
    boundedText('requester', args.requester);
    if (args.action === 'list') return listRequests(args, io);
    if (!args.id) throw new NotFoundError(`"relctl request ${args.action}" needs a request id, e.g. "relctl request ${args.action} A".`, {});
    validateRequestId(args.id);
    return args.action === 'new' ? newRequest(args, io) : showRequest(args, io);
  },
});

async function newRequest(args: RequestArgs & GlobalOptions & { id?: string }, io: Io) {
  return withContext(args, io, async (context) => {
    const id = args.id as string;
    return withRemoteRetry(context, args.dryRun, async () => {
    const facts = await gatherFacts(context);
    const title = args.title ?? id;
    const dependsOn = args.dependsOn.map(String);
    dependsOn.forEach((dependency) => validateRequestId(dependency));
    const changeset = formatRequestChangeset({ summary: title, bump: args.bump, packageName: await rootPackageName(context) });
    const plan = planRequestCreate({
      changeset,
      policy: context.policy,
      facts,
      id,
      title,
      ...(args.requester ? { requester: args.requester } : {}),
      bump: args.bump,
      dependsOn,
      command: `request new ${id}`,
    });
    const result = await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
    if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
    else if (result) io.stdout(`Created request ${id} on ${context.policy.requestPrefix}${id} with .changeset/${id}.md. Check it out with "git switch ${context.policy.requestPrefix}${id}".\n`);
    });
  });
}

async function listRequests(args: GlobalOptions, io: Io) {
  return withContext(args, io, async (context) => {
    await readFromRemote(context);
    const facts = await gatherFacts(context);
    const where = (id: string) =>
      facts.environments
        .filter((env) => env.members.some((member) => member.requestId === id))
        .map((env) => env.name)
        .join(', ');
    if (args.json) {
      io.stdout(toJson(facts.requests.map((request) => ({ ...request, environments: where(request.id) ? where(request.id).split(', ') : [] }))));
      return;
    }
    if (facts.requests.length === 0) {
      io.stdout('No requests yet. Start one with "relctl request new <id> --title …".\n');
      return;
    }
    const colors = colorsFor(io);
    const rows = facts.requests.map((request) => [
      colors.bold(request.id),
      printable(request.title, { max: TITLE_WIDTH }),
      request.requester === undefined ? '-' : printable(request.requester, { max: BY_WIDTH }),
      request.changeset?.bump ?? colors.yellow('no changeset'),
      where(request.id) || '-',
      request.createdAt === undefined ? '-' : formatAge(facts.now - request.createdAt),
    ]);
    io.stdout(renderTable(['request', 'title', 'requester', 'bump', 'in', 'age'], rows));
  });
}

async function showRequest(args: RequestArgs & GlobalOptions, io: Io) {
  return withContext(args, io, async (context) => {
    await readFromRemote(context);
    const facts = await gatherFacts(context);
    const request = facts.requests.find((candidate) => candidate.id === args.id);
    if (!request) throw new NotFoundError(`There is no request "${args.id}"; see "relctl request list".`, { id: args.id });
    const environments = facts.environments.map((env) => {
      const member = env.members.find((candidate) => candidate.requestId === request.id);
      return { env: env.name, state: member ? (member.sha === request.head ? 'in' : 'stale') : 'absent', sha: member?.sha ?? null };
    });
    const approvals = facts.approvals.filter((approval) => approval.requestId === request.id).map((approval) => ({ ...approval, fresh: approval.sha === request.head }));
    const events = facts.events.filter((event) => event.requestIds?.includes(request.id));
    if (args.json) {
      io.stdout(toJson({ request, environments, approvals, events }));
      return;
    }
    io.stdout(`${request.id}: ${printable(request.title)}\n`);
    io.stdout(`  branch     ${request.branch} at ${shortSha(request.head)}\n`);
    io.stdout(`  requester  ${request.requester === undefined ? '-' : printable(request.requester)}\n`);
    io.stdout(`  changeset  ${request.changeset ? `${request.changeset.bump}: ${printable(request.changeset.summary.split('\n')[0] ?? '')}` : 'none'}\n`);
    io.stdout(`  depends on ${request.dependsOn.length ? request.dependsOn.join(', ') : '-'}\n`);
    for (const env of environments) io.stdout(`  ${env.env.padEnd(10)} ${env.state}${env.sha && env.state === 'stale' ? ` (holds ${shortSha(env.sha)})` : ''}\n`);
    for (const approval of approvals) io.stdout(`  approved for ${approval.env} by ${printable(approval.by)} at ${shortSha(approval.sha)}${approval.fresh ? '' : ' (stale: the branch moved since)'}\n`);
  });
}

/**
 * The name of the production tree's root package.json when it is a single package (not an npm
 * workspace root): its changesets then name it, so `changeset` tooling reads them as usual.
 */
async function rootPackageName(context: CliContext): Promise<string | null> {
  const tip = await context.git.readRef(branchRef(releaseEnvironment(context.policy).branch));
  const bytes = tip ? await context.git.readFile(tip, 'package.json') : null;
  if (!bytes) return null;
  try {
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown; workspaces?: unknown };
    return typeof manifest.name === 'string' && manifest.workspaces === undefined ? manifest.name : null;
  } catch {
    return null;
  }
}
