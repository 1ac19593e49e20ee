#!/usr/bin/env node
// Builds apps/cli/single-file/relctl.mjs: the whole CLI in ONE file, for CI runners and
// repositories without npm (`node relctl.mjs status`, Node.js >= 20.19, no node_modules, no
// package.json beside it). The release workflow (.github/workflows/release.yml) attaches it to each
// relctl release; tests/install runs the A-D story with it.
// Differences from the npm bundle (scripts/bundle.mjs): no chunks (every command is in the file);
// yargs' locale files are in the file too (embeddedLocales); no source map; the licences of the
// bundled packages at the end of the file. Like the bundle: the version is written in, and
// `typescript` stays outside (a relctl.config.ts needs it installed where the config is).
// Run by the nx target `relctl:single-file` (`npm run build` runs it) after `tsc -b`.
import { build } from 'esbuild';
import { NODE_ESM_BUNDLE } from '../../../scripts/esbuild-node-esm.mjs';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild, embeddedLocales, inlineVersion, thirdPartyNotices, Y18N_SHIM, YARGS_SHIM, yargsLocales } from './bundle-plugins.mjs';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(CLI, 'dist', 'bin.js');
const OUT = join(CLI, 'single-file', 'relctl.mjs');
const ROOT = join(CLI, '..', '..');

if (!existsSync(ENTRY)) {
  console.error(`relctl single file: ${relative(process.cwd(), ENTRY)} is missing: run "npm run build" (it compiles with tsc, then bundles).`);
  process.exit(1);
}
const PACKAGE = JSON.parse(readFileSync(join(CLI, 'package.json'), 'utf8'));
const yargsDir = dirname(createRequire(join(CLI, 'package.json')).resolve('yargs/package.json'));

mkdirSync(dirname(OUT), { recursive: true });
// Generated: never committed.
writeFileSync(join(dirname(OUT), '.gitignore'), '*\n');
// Written beside, then renamed over: a test copying the file never sees half of it.
const staging = `${OUT}.tmp-${process.pid}`;
try {
  const result = await build({
    entryPoints: [ENTRY],
    outfile: staging,
    ...NODE_ESM_BUNDLE,
    // yargs looks for `<beside the file>/locales/<locale>.json`; embeddedLocales answers from the file.
    plugins: [yargsLocales("fileURLToPath(new URL('./locales', import.meta.url))"), embeddedLocales(join(yargsDir, 'locales')), inlineVersion(PACKAGE.version)],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const { problems } = checkBuild({ metafile: result.metafile, declared: Object.keys(PACKAGE.peerDependencies ?? {}), plugins: [YARGS_SHIM, Y18N_SHIM] });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const text = readFileSync(staging, 'utf8');
  if (!text.startsWith('#!/usr/bin/env node\n') || text.indexOf('#!', 1) !== -1) throw new Error(`${staging} must start with exactly one "#!/usr/bin/env node" line.`);
  writeFileSync(staging, `${text}\n${thirdPartyNotices({ metafile: result.metafile, format: 'comment' })}`);
  chmodSync(staging, 0o755);
  renameSync(staging, OUT);
  const bytes = readFileSync(OUT).length;
  console.log(`relctl single file: ${relative(ROOT, OUT)}, ${(bytes / 1e6).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} modules (relctl ${PACKAGE.version})`);
} catch (error) {
  rmSync(staging, { force: true });
  console.error(`relctl single file: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
