import { UsageError, type Facts, type MatrixRequest } from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import { computeConflictMatrix } from '@relctl/engine/internal';
import { openRequests } from '@relctl/engine/internal';
import { renderConflictMatrix } from '../conflicts/render-conflict-matrix.js';
import { renderConflictMatrixMarkdown } from '../conflicts/render-conflict-matrix-markdown.js';
import { gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import { colorsFor } from '../output/colors.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { findEnvironment } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { readFromRemote } from '@relctl/engine/internal';

interface ConflictsArgs {
  env?: string;
  all: boolean;
  format: 'table' | 'md';
  cache: boolean;
}

/** Show progress on stderr only on a terminal and only when there is enough work to wait for. */
const PROGRESS_THRESHOLD = 20;

/** `relctl conflicts`: trial-merge every pair of pending requests, and each with production. */
export const conflictsCommand = defineCommand<ConflictsArgs>({
  command: 'conflicts',
  describe: 'Trial-merge every pair of pending requests, and each with production, on objects; print the matrix',
  builder: (yargs) =>
    yargs
      .option('env', { type: 'string', describe: 'The requests this integration environment holds (default: the first integration environment)' })
      .option('all', { type: 'boolean', default: false, describe: 'Every open request (not yet in production) instead' })
      .option('format', { choices: ['table', 'md'] as const, default: 'table' as const, describe: 'table for a terminal, md for a pull-request comment' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse earlier results by commit pair (--no-cache merges everything again)' })
      .example('$0 conflicts', 'Which requests on test conflict with each other or with production')
      .example('$0 conflicts --all --format md', 'The same for every open request, as markdown'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      await readFromRemote(context);
      const facts = await gatherFacts(context);
      const { scope, requests } = pendingRequests(context, facts, args);
      const release = releaseEnvironment(context.policy);
      const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
      const base = tip === null ? null : { env: release.name, tip };
      const started = io.now();
      const progress = io.isTTY
        ? (done: number, total: number) => {
            if (total >= PROGRESS_THRESHOLD) io.stderr(`\rmerging pairs: ${done}/${total}${done === total ? '\n' : ''}`);
          }
        : undefined;
      const result = await computeConflictMatrix({ context, requests, base, cache: args.cache, ...(progress ? { onProgress: progress } : {}) });
      const elapsedMs = io.now() - started;
      if (args.json) {
        io.stdout(toJson({ scope, ...result.matrix, stats: { pairs: result.pairs, computed: result.computed, cached: result.cached, elapsedMs } }));
      } else if (args.format === 'md') {
        io.stdout(renderConflictMatrixMarkdown(result.matrix, scope));
      } else {
        io.stdout(renderConflictMatrix(result.matrix, scope, colorsFor(io)));
        io.stdout(`(${result.pairs} pair(s): ${result.computed} merged now, ${result.cached} from the cache, ${elapsedMs} ms)\n`);
      }
    }),
});

/** The requests to compare: an integration environment's members (at their current heads), or every open request. */
function pendingRequests(context: CliContext, facts: Facts, args: ConflictsArgs): { scope: string; requests: MatrixRequest[] } {
  const integration = args.env ? findEnvironment(context.policy, args.env) : context.policy.environments.find((env) => env.kind === 'integration');
  if (args.all || integration === undefined) return { scope: 'all open requests', requests: openRequests({ policy: context.policy, facts }) };
  const release = releaseEnvironment(context.policy);
  const releaseMembers = facts.environments.find((state) => state.name === release.name)?.members ?? [];
  const released = (id: string, sha: string) => releaseMembers.some((member) => member.requestId === id && member.sha === sha);
  if (integration.kind !== 'integration') {
    throw new UsageError(`${integration.name} is the release environment; name an integration environment (e.g. --env test), or use --all.`, {
      env: integration.name,
    });
  }
  const members = facts.environments.find((state) => state.name === integration.name)?.members ?? [];
  const requests = members
    .map((member) => ({ id: member.requestId, sha: facts.requests.find((request) => request.id === member.requestId)?.head ?? member.sha }))
    .filter((request) => !released(request.id, request.sha));
  return { scope: integration.name, requests };
}
