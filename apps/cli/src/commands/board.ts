import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '@relctl/core';
import { renderBoard } from '../board/render-board.js';
import { startBoardServer } from '../board/start-board-server.js';
import { abortOnSignals, boardData } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface BoardArgs {
  out?: string;
  serve: boolean;
  port?: number;
}

/** `relctl board`: the status board as one self-contained HTML page. */
export const boardCommand = defineCommand<BoardArgs>({
  command: 'board',
  describe: 'Make the status board: one self-contained HTML page (requests x environments, conflicts, deployments)',
  builder: (yargs) =>
    yargs
      .option('out', { type: 'string', describe: 'Write the page to this file instead of printing it' })
      .option('serve', { type: 'boolean', default: false, describe: 'Serve the page on 127.0.0.1, made afresh on every reload (Ctrl-C stops)' })
      .option('port', { type: 'number', describe: 'Port for --serve (default 0: any free port)' })
      .example('$0 board --out board.html', 'Write the board to board.html and open it in a browser')
      .example('$0 board --serve --port 8080', 'Serve it at http://127.0.0.1:8080/'),
  run: async (args, io) => {
    if (args.serve && args.out !== undefined) throw new UsageError('--serve and --out do not go together: serve the page, or write it to a file.', {});
    if (args.serve && args.json) throw new UsageError('--serve serves the HTML page; for the data use "relctl board --json".', {});
    if (args.port !== undefined && !args.serve) throw new UsageError('--port is for --serve; add --serve, or drop --port.', { port: args.port });
    if (args.out === '') throw new UsageError('--out needs a file name, e.g. --out board.html.', {});
    const port = args.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port ${String(args.port)} is not a port; give 1-65535, or 0 for any free one.`, { port: args.port });
    const make = () => withContext(args, io, (context) => boardData({ session: context }));

    if (args.serve) {
      renderBoard(await make()); // Fail now, before listening, when the repository or config is broken.
      const server = await startBoardServer({
        port,
        render: async () => renderBoard(await make()),
        onError: (error) => io.stderr(`relctl board: ${error instanceof Error ? error.message : String(error)}\n`),
      });
      const abort = abortOnSignals();
      try {
        io.stdout(`Serving the board at ${server.url} (Ctrl-C stops)\n`);
        await new Promise<void>((done) => abort.signal.addEventListener('abort', () => done(), { once: true }));
      } finally {
        abort.dispose();
        await server.close();
      }
      io.stdout('Stopped serving the board.\n');
      return;
    }

    const data = await make();
    const page = args.json ? toJson(data) : renderBoard(data);
    if (args.out === undefined) {
      io.stdout(page);
      return;
    }
    const file = resolve(io.cwd, args.cwd ?? '.', args.out);
    writeFileSync(file, page);
    const open = data.status.requests.filter((row) => !row.hidden).length;
    io.stdout(
      `Wrote the board to ${file} (${data.status.requests.length} request(s), ${open} open; ${data.conflicts.conflicts.length} conflict(s); ${data.deployments.length} deployment(s)).\n`,
    );
  },
});
