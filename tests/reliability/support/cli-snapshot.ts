import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `bin.js` of the copy of the built CLI this run uses (see {@link setup}). */
    relctlCliBin: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * vitest globalSetup: copy the built CLI and the built workspace packages it imports
 * (`apps/cli/dist`, `packages/*\/dist`, their package.json) to
 * `node_modules/.cache/relctl-reliability/<pid>/`, check that every module of the copy loads, and
 * run the suite on the copy. A rebuild in the checkout while the suite runs (another engineer's
 * `tsc -b`) then cannot hand half a build to a test. Third-party packages still resolve from the
 * checkout's node_modules (the copy lives inside it; a package's own node_modules is linked).
 * The copy is removed at the end.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const base = join(ROOT, 'node_modules', '.cache', 'relctl-reliability', String(process.pid));
  let problem = '';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    rmSync(base, { recursive: true, force: true });
    const cli = join(base, 'cli');
    mkdirSync(cli, { recursive: true });
    if (!existsSync(join(ROOT, 'apps', 'cli', 'dist', 'bin.js'))) throw new Error('apps/cli/dist/bin.js is missing: build the CLI first (npx tsc -b apps/cli/tsconfig.lib.json).');
    cpSync(join(ROOT, 'apps', 'cli', 'package.json'), join(cli, 'package.json'));
    cpSync(join(ROOT, 'apps', 'cli', 'dist'), join(cli, 'dist'), { recursive: true });
    // A package's own node_modules (e.g. the CLI's cosmiconfig 9 next to the root's 7) come along as links.
    if (existsSync(join(ROOT, 'apps', 'cli', 'node_modules'))) symlinkSync(join(ROOT, 'apps', 'cli', 'node_modules'), join(cli, 'node_modules'));
    for (const pkg of readdirSync(join(ROOT, 'packages'))) {
      const from = join(ROOT, 'packages', pkg);
      if (!existsSync(join(from, 'dist')) || !existsSync(join(from, 'package.json'))) continue;
      const to = join(base, 'node_modules', '@relctl', pkg);
      mkdirSync(to, { recursive: true });
      cpSync(join(from, 'package.json'), join(to, 'package.json'));
      cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
      if (existsSync(join(from, 'node_modules'))) symlinkSync(join(from, 'node_modules'), join(to, 'node_modules'));
    }
    try {
      // Load what the CLI can load (main and every command of its catalog): a half-finished build
      // shows as a missing file or export. (Stale files tsc left in dist are not looked at.)
      const script = `const { pathToFileURL } = require('node:url'); const { join } = require('node:path'); const dist = process.argv[1];
        (async () => { await import(pathToFileURL(join(dist, 'main.js')).href); const { commandCatalog } = await import(pathToFileURL(join(dist, 'command-catalog.js')).href);
          await Promise.all(commandCatalog.map((entry) => entry.load())); await import(pathToFileURL(join(dist, 'commands', 'all-commands.js')).href); })()
          .catch((e) => { console.error(String(e && e.message)); process.exit(1); });`;
      execFileSync(process.execPath, ['-e', script, join(cli, 'dist')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      project.provide('relctlCliBin', join(cli, 'dist', 'bin.js'));
      return () => rmSync(base, { recursive: true, force: true });
    } catch (error) {
      problem = String((error as { stderr?: Buffer }).stderr ?? error).trim();
      process.stderr.write(`reliability: the build in the checkout does not load (${problem.split('\n')[0]}); copying it again in 30 s (attempt ${attempt} of 5)\n`);
      await new Promise((done) => setTimeout(done, 30_000));
    }
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`the built CLI does not load: ${problem}; rebuild it (npx tsc -b apps/cli/tsconfig.lib.json) and run the suite again.`);
}
