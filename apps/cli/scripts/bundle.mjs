#!/usr/bin/env node
// Bundles the built CLI (apps/cli/dist/, from `tsc -b`) with esbuild into apps/cli/bundle/:
// relctl.mjs (what package.json `bin`, the committed bin/relctl.mjs, runs), index.mjs (the library
// entry, `import { run } from 'relctl'`) plus one chunk per command, so that start-up reads a few
// files instead of ~400 ES modules, and `relctl --help` still loads only yargs and the command
// catalog (the catalog imports each command dynamically: esbuild `splitting`).
// Everything relctl runs is in the bundle: the workspace packages (@relctl/*) and the third-party
// code, so the packed `relctl` has no dependencies (the build fails when package.json declares
// one the bundle holds, or when the bundle leaves a module outside that is not declared).
// Run by the nx target `relctl:bundle` (`npm run build` runs it); not meant to be run by hand
// before `tsc -b apps/cli/tsconfig.lib.json`. The single-file build is scripts/single-file.mjs.
//
// Layout rules the code relies on:
// - every output file sits directly in bundle/ (no chunk subfolder), next to locales/;
// - relctl's version is written into the bundle (inlineVersion), read from package.json here;
// - yargs' locale files (y18n) are copied to bundle/locales/ and yargs is pointed there, so help and
//   errors stay translated exactly as unbundled (LANG=de_DE … prints German either way);
// - `typescript` stays external (an optional peer dependency): cosmiconfig requires it only for a
//   relctl.config.ts, from the user's node_modules as before; bundled it would add ~11 MB and slow
//   every start-up.
import { build } from 'esbuild';
import { NODE_ESM_BUNDLE } from '../../../scripts/esbuild-node-esm.mjs';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild, inlineVersion, thirdPartyNotices, YARGS_SHIM, yargsLocales } from './bundle-plugins.mjs';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(CLI, 'dist', 'bin.js');
const OUT = join(CLI, 'bundle');
const ROOT = join(CLI, '..', '..');

if (!existsSync(ENTRY)) {
  console.error(`relctl bundle: ${relative(process.cwd(), ENTRY)} is missing: run "npm run build" (it compiles with tsc, then bundles).`);
  process.exit(1);
}

/** Where yargs finds its locales in the bundle: next to the chunk. */
const LOCALES_TO = "fileURLToPath(new URL('./locales', import.meta.url))";
const PACKAGE = JSON.parse(readFileSync(join(CLI, 'package.json'), 'utf8'));
/** What the bundle may leave outside: the package's dependencies and (optional) peer dependencies. */
const DECLARED = [...Object.keys(PACKAGE.dependencies ?? {}), ...Object.keys(PACKAGE.peerDependencies ?? {})];

// Build next to the old bundle, then swap: a test run copying bundle/ never sees half of one.
// (Leftovers of a run that was killed: removed once their process is gone.)
for (const name of readdirSync(CLI)) {
  const pid = /^bundle\.(?:tmp|old)-(\d+)$/.exec(name)?.[1];
  if (pid !== undefined && !alive(Number(pid))) rmSync(join(CLI, name), { recursive: true, force: true });
}
const staging = `${OUT}.tmp-${process.pid}`;
const old = `${OUT}.old-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging);
// Generated: never committed (the root .gitignore does not know this folder), but packed by npm
// (which reads a folder's .gitignore unless it has an .npmignore).
writeFileSync(join(staging, '.gitignore'), '*\n');
writeFileSync(join(staging, '.npmignore'), '# everything here is packed (package.json "files")\n');
try {
  const result = await build({
    entryPoints: { relctl: ENTRY, index: join(CLI, 'dist', 'index.js') },
    outdir: staging,
    ...NODE_ESM_BUNDLE,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    plugins: [yargsLocales(LOCALES_TO), inlineVersion(PACKAGE.version)],
    metafile: true,
    // Maps to apps/cli/src/*.ts through tsc's maps (for `node --enable-source-maps`); start-up does
    // not read them. Without the sources' text: 2 MB instead of 7.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  const bundled = Object.keys(result.metafile.inputs);
  const { problems, externals } = checkBuild({ metafile: result.metafile, declared: DECLARED, plugins: [YARGS_SHIM] });
  for (const name of Object.keys(PACKAGE.dependencies ?? {})) {
    if (!externals.includes(name))
      problems.push(
        `apps/cli/package.json declares "${name}" under dependencies, but the bundle holds it: move it to devDependencies (an install of relctl would download it for nothing).`,
      );
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const yargsDir = dirname(createRequire(join(CLI, 'package.json')).resolve('yargs/package.json'));
  cpSync(join(yargsDir, 'locales'), join(staging, 'locales'), { recursive: true });
  // The licences of the third-party code the bundle holds, shipped with it.
  writeFileSync(join(staging, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices({ metafile: result.metafile, format: 'text' }));

  const bin = join(staging, 'relctl.mjs');
  const text = readFileSync(bin, 'utf8');
  if (!text.startsWith('#!/usr/bin/env node\n') || text.indexOf('#!', 1) !== -1) throw new Error(`${bin} must start with exactly one "#!/usr/bin/env node" line.`);
  chmodSync(bin, 0o755);

  swapIn(staging, old);

  const code = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const bytes = code.reduce((sum, [, output]) => sum + output.bytes, 0);
  console.log(`relctl bundle: ${relative(ROOT, OUT)}/relctl.mjs, index.mjs + ${code.length - 2} chunks, ${(bytes / 1e6).toFixed(1)} MB of code from ${bundled.length} modules`);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`relctl bundle: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** Move the old bundle/ aside and `staging` in its place (two renames); another build swapping at the same time: try again. */
function swapIn(staging, old) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (existsSync(OUT)) renameSync(OUT, old);
      renameSync(staging, OUT);
      rmSync(old, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt === 5 || !['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(error?.code)) throw error;
      rmSync(old, { recursive: true, force: true });
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error?.code === 'EPERM';
  }
}
