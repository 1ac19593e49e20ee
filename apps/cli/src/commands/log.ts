import { readDeploymentLog, readLog } from '@relctl/engine';
import { renderDeployments } from '../deploy/render-deployments.js';
import { colorsFor } from '../output/colors.js';
import { shortSha, toJson } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';
import { printable } from '../output/printable.js';
import { BY_WIDTH } from '../output/render-status.js';

interface LogArgs {
  request?: string;
  env?: string;
  limit: number;
  deployments: boolean;
}

/** `relctl log`: the audit trail, newest first. */
export const logCommand = defineCommand<LogArgs>({
  command: 'log',
  describe: 'Show the audit trail (who did what, when, to which SHA), newest first',
  builder: (yargs) =>
    yargs
      .option('request', { type: 'string', describe: 'Only events about this request' })
      .option('env', { type: 'string', describe: 'Only events about this environment' })
      .option('limit', { type: 'number', default: 50, describe: 'At most this many events (0: all)' })
      .option('deployments', { type: 'boolean', default: false, describe: 'Deployment history: who, when, SHA, version, requests, duration, result' })
      .example('$0 log --request A', 'Everything that happened to request A')
      .example('$0 log --deployments --env prod', 'What was deployed to prod, newest first'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const filter = { session: context, ...(args.env ? { env: args.env } : {}), ...(args.request ? { request: args.request } : {}), limit: args.limit };
      if (args.deployments) {
        const records = await readDeploymentLog(filter);
        io.stdout(args.json ? toJson(records) : renderDeployments(records, io));
        return;
      }
      const shown = await readLog(filter);
      if (args.json) {
        io.stdout(toJson(shown));
        return;
      }
      if (shown.length === 0) {
        io.stdout('The audit log has no events yet.\n');
        return;
      }
      const colors = colorsFor(io);
      const rows = shown.map((event) => [
        new Date(event.at).toISOString().replace('T', ' ').slice(0, 16),
        colors.bold(event.type),
        printable(event.actor, { max: BY_WIDTH }),
        event.requestIds?.join(', ') ?? '-',
        event.env ?? '-',
        shortSha(event.sha),
        printable(detail(event.reason, event.data), { max: 120 }),
      ]);
      io.stdout(renderTable(['when (UTC)', 'event', 'who', 'requests', 'env', 'sha', 'detail'], rows));
    }),
});

function detail(reason: string | undefined, data: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  if (data?.version) parts.push(`version ${String(data.version)}`);
  if (data?.rule) parts.push(`rule ${String(data.rule)}`);
  if (data?.title) parts.push(String(data.title));
  if (data?.by) parts.push(`by ${String(data.by)}`);
  // A hotfix request, and a promotion that checked hotfixes against the lighter hotfixRules.
  if (data?.hotfix === true) parts.push('hotfix');
  if (Array.isArray(data?.hotfixRules)) parts.push(`hotfix rules for ${data.hotfixRules.map(String).join(', ')}`);
  // A recorded check result: which check, what it found, where its log is.
  if (typeof data?.name === 'string' && typeof data.result === 'string') parts.push(`check ${data.name} ${data.result}${typeof data.url === 'string' ? ` ${data.url}` : ''}`);
  if (reason) parts.push(`reason: ${reason}`);
  return parts.join('; ') || '-';
}
