import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '@relctl/core';
import { existsSync, readdirSync } from 'node:fs';
import { runDemoStory } from '../demo/run-demo-story.js';
import { defineCommand } from './command.js';

interface DemoArgs {
  dir?: string;
}

/** `relctl demo [dir]`: the user's A, B, C, D story on a scratch repository. */
export const demoCommand = defineCommand<DemoArgs>({
  command: 'demo [dir]',
  describe: "Walk through the A, B, C, D story on a scratch repository (needs the git binary for the developers' part)",
  builder: (yargs) =>
    yargs
      .positional('dir', { type: 'string', describe: 'Empty or new folder for the scratch repository (default: a temp folder)' })
      .example('$0 demo', 'Run the story in a temp folder')
      .example('$0 demo ./relctl-demo', 'Keep the scratch repository here'),
  run: async (args, io) => {
    const dir = args.dir ? resolve(io.cwd, args.dir) : mkdtempSync(join(tmpdir(), 'relctl-demo-'));
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new UsageError(`${dir} is not empty; give "relctl demo" a new or empty folder.`, { dir });
    }
    const { run } = await import('../main.js');
    return runDemoStory({ dir, io, relctl: run });
  },
});
