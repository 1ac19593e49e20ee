import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `bin/relctl.mjs` (package.json `bin`) of the copy of the built CLI this run uses (see {@link setup}). */
    relctlCliBin: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BUILD = 'npm run build';

/**
 * vitest globalSetup: copy the built CLI as it ships (`apps/cli/bin/relctl.mjs`, package.json's
 * `bin`, which runs the esbuild bundle `apps/cli/bundle/`, which holds the workspace packages and
 * third-party code it needs; and `apps/cli/package.json`, whose version it prints) to
 * `node_modules/.cache/relctl-reliability/<pid>/cli/`, check that every chunk
 * of the copy loads and that it starts, and run the suite on the copy. A rebuild in the checkout
 * while the suite runs (another engineer's `npm run build`) then cannot hand half a build to a
 * test. Only what the bundle leaves external (`typescript`, for a relctl.config.ts) resolves from
 * the checkout's node_modules (the copy lives inside it). The copy is removed at the end.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const base = join(ROOT, 'node_modules', '.cache', 'relctl-reliability', String(process.pid));
  const bundle = join(ROOT, 'apps', 'cli', 'bundle');
  let problem = '';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    rmSync(base, { recursive: true, force: true });
    const cli = join(base, 'cli');
    mkdirSync(cli, { recursive: true });
    if (!existsSync(join(bundle, 'relctl.mjs'))) throw new Error(`apps/cli/bundle/relctl.mjs is missing: build the CLI first (${BUILD}).`);
    cpSync(join(ROOT, 'apps', 'cli', 'package.json'), join(cli, 'package.json'));
    cpSync(join(ROOT, 'apps', 'cli', 'bin'), join(cli, 'bin'), { recursive: true });
    cpSync(bundle, join(cli, 'bundle'), { recursive: true });
    const bin = join(cli, 'bin', 'relctl.mjs');
    try {
      // Load every chunk (main, each command, all-commands), then start the copy: a half-copied or
      // half-built bundle shows as a missing file or export.
      const script = `const { pathToFileURL } = require('node:url'); const { join } = require('node:path'); const dir = process.argv[1];
        (async () => { for (const file of require('node:fs').readdirSync(dir)) if (file.endsWith('.mjs') && file !== 'relctl.mjs') await import(pathToFileURL(join(dir, file)).href); })()
          .catch((e) => { console.error(String(e && e.message)); process.exit(1); });`;
      execFileSync(process.execPath, ['-e', script, join(cli, 'bundle')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      execFileSync(process.execPath, [bin, '--version'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      project.provide('relctlCliBin', bin);
      return () => rmSync(base, { recursive: true, force: true });
    } catch (error) {
      problem = String((error as { stderr?: Buffer }).stderr ?? error).trim();
      process.stderr.write(`reliability: the build in the checkout does not load (${problem.split('\n')[0]}); copying it again in 30 s (attempt ${attempt} of 5)\n`);
      await new Promise((done) => setTimeout(done, 30_000));
    }
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`the built CLI does not load: ${problem}; rebuild it (${BUILD}) and run the suite again.`);
}
