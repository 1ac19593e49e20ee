#!/usr/bin/env node
// Bundles the built action (apps/github-action/dist/, from `tsc -b`) with esbuild into ONE file,
// apps/github-action/bundle/index.mjs: what action.yml's `main` runs on the runner, where there is
// no node_modules. Everything is in it: @relctl/engine and the packages it uses, @octokit/rest,
// cosmiconfig, yaml. `typescript` stays outside, as in the CLI: a relctl.config.ts needs it
// installed (bundled it would add ~11 MB to every run).
// Generated: bundle/ is ignored on main; the release workflow commits it on the action-v<version>
// tag only (see apps/github-action/README.md). Run by the nx target `github-action:bundle`.
import { build } from 'esbuild';
import { NODE_ESM_BUNDLE } from '../../../scripts/esbuild-node-esm.mjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ACTION, 'dist', 'bin.js');
const OUT = join(ACTION, 'bundle', 'index.mjs');
const ROOT = join(ACTION, '..', '..');

if (!existsSync(ENTRY)) {
  console.error(`relctl action bundle: ${relative(process.cwd(), ENTRY)} is missing: run "npm run build" (it compiles with tsc, then bundles).`);
  process.exit(1);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(join(dirname(OUT), '.gitignore'), '*\n');
// Written beside, then renamed over: a test running the file never sees half of it.
const staging = `${OUT}.tmp-${process.pid}`;
try {
  const result = await build({
    entryPoints: [ENTRY],
    outfile: staging,
    ...NODE_ESM_BUNDLE,
    metafile: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  const outside = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !builtins.has(entry.path) && !entry.path.startsWith('node:') && entry.path !== 'typescript');
  if (outside.length > 0) throw new Error(`the bundle leaves ${outside.map((entry) => entry.path).join(', ')} outside; the runner has no node_modules.`);
  renameSync(staging, OUT);
  const bytes = readFileSync(OUT).length;
  console.log(`relctl action bundle: ${relative(ROOT, OUT)}, ${(bytes / 1e6).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} modules`);
} catch (error) {
  rmSync(staging, { force: true });
  console.error(`relctl action bundle: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
