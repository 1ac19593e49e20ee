import { conflicts } from '@relctl/engine';
import { renderConflictMatrix } from '../conflicts/render-conflict-matrix.js';
import { renderConflictMatrixMarkdown } from '../conflicts/render-conflict-matrix-markdown.js';
import { colorsFor } from '../output/colors.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

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
      .option('all', { type: 'boolean', default: false, describe: 'Every open request (not yet in production, not closed) instead' })
      .option('format', { choices: ['table', 'md'] as const, default: 'table' as const, describe: 'table for a terminal, md for a pull-request comment' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse earlier results by commit pair (--no-cache merges everything again)' })
      .example('$0 conflicts', 'Which requests on test conflict with each other or with production')
      .example('$0 conflicts --all --format md', 'The same for every open request, as markdown'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const progress = io.isTTY
        ? (done: number, total: number) => {
            if (total >= PROGRESS_THRESHOLD) io.stderr(`\rmerging pairs: ${done}/${total}${done === total ? '\n' : ''}`);
          }
        : undefined;
      const result = await conflicts({
        session: context,
        ...(args.env !== undefined ? { env: args.env } : {}),
        all: args.all,
        cache: args.cache,
        ...(progress ? { onProgress: progress } : {}),
      });
      const { scope, matrix } = result;
      if (args.json) {
        io.stdout(toJson({ scope, ...matrix, stats: { pairs: result.pairs, computed: result.computed, cached: result.cached, elapsedMs: result.elapsedMs } }));
      } else if (args.format === 'md') {
        io.stdout(renderConflictMatrixMarkdown(matrix, scope));
      } else {
        io.stdout(renderConflictMatrix(matrix, scope, colorsFor(io)));
        io.stdout(`(${result.pairs} pair(s): ${result.computed} merged now, ${result.cached} from the cache, ${result.elapsedMs} ms)\n`);
      }
    }),
});
