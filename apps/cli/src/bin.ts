#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './main.js';

// `relctl … | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { exitCode } = await run(process.argv.slice(2), processIo());
process.exitCode = exitCode;
