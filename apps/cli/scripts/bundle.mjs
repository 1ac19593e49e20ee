#!/usr/bin/env node
// Bundles the built CLI (apps/cli/dist/bin.js, from `tsc -b`) with esbuild into apps/cli/bundle/:
// relctl.mjs (what package.json `bin`, the committed bin/relctl.mjs, runs) plus one chunk per
// command, so that start-up reads a few files instead of ~400 ES modules, and `relctl --help` still
// loads only yargs and the command catalog (the catalog imports each command dynamically: esbuild
// `splitting`).
// Run by the nx target `relctl:bundle` (`npm run build` runs it); not meant to be run by hand
// before `tsc -b apps/cli/tsconfig.lib.json`.
//
// Layout rules the code relies on:
// - every output file sits directly in bundle/ (no chunk subfolder): main.ts reads the version with
//   createRequire(import.meta.url)('../package.json'), which must reach apps/cli/package.json from
//   whichever chunk main.ts lands in;
// - yargs' locale files (y18n) are copied to bundle/locales/ and yargs is pointed there, so help and
//   errors stay translated exactly as unbundled (LANG=de_DE … prints German either way);
// - `typescript` stays external: cosmiconfig requires it only for a relctl.config.ts, from the
//   user's node_modules as before; bundled it would add ~11 MB and slow every start-up.
import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(CLI, 'dist', 'bin.js');
const OUT = join(CLI, 'bundle');
const ROOT = join(CLI, '..', '..');

if (!existsSync(ENTRY)) {
  console.error(`relctl bundle: ${relative(process.cwd(), ENTRY)} is missing: run "npm run build" (it compiles with tsc, then bundles).`);
  process.exit(1);
}

/** The yargs ESM shim finds its locales at `<its own file>/../../../locales`; in the bundle, next to the chunk. */
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const LOCALES_FROM = "resolve(__dirname, '../../../locales')";
const LOCALES_TO = "fileURLToPath(new URL('./locales', import.meta.url))";

/** @type {import('esbuild').Plugin} */
const yargsLocales = {
  name: 'yargs-locales',
  setup(onBuild) {
    onBuild.onLoad({ filter: YARGS_SHIM }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes(LOCALES_FROM)) throw new Error(`${path} no longer contains ${LOCALES_FROM}: update apps/cli/scripts/bundle.mjs for this yargs version.`);
      return { contents: source.replace(LOCALES_FROM, LOCALES_TO), loader: 'js' };
    });
  },
};

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
    entryPoints: { relctl: ENTRY },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    external: ['typescript'],
    // CommonJS dependencies (isomorphic-git, pako, changesets…) call require(); give each ES chunk one.
    banner: { js: "import { createRequire as __relctlCreateRequire } from 'node:module'; const require = __relctlCreateRequire(import.meta.url);" },
    // …and CommonJS's __filename/__dirname (import-fresh, cosmiconfig's fallback for a relctl.config.js
    // that import() refused): the chunk's own path, as Node 20.11+ gives it to an ES module.
    define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' },
    plugins: [yargsLocales],
    metafile: true,
    // Maps to apps/cli/src/*.ts through tsc's maps (for `node --enable-source-maps`); start-up does
    // not read them. Without the sources' text: 2 MB instead of 7.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  const bundled = Object.keys(result.metafile.inputs);
  if (bundled.some((input) => /(^|[\\/])node_modules[\\/]typescript[\\/]/.test(input))) throw new Error('typescript got bundled: keep it external (see the top of apps/cli/scripts/bundle.mjs).');
  if (!bundled.some((input) => YARGS_SHIM.test(input))) throw new Error('the yargs ESM shim was not bundled: the locale fix in apps/cli/scripts/bundle.mjs no longer applies; check yargs help output.');

  const yargsDir = dirname(createRequire(join(CLI, 'package.json')).resolve('yargs/package.json'));
  cpSync(join(yargsDir, 'locales'), join(staging, 'locales'), { recursive: true });

  const bin = join(staging, 'relctl.mjs');
  const text = readFileSync(bin, 'utf8');
  if (!text.startsWith('#!/usr/bin/env node\n') || text.indexOf('#!', 1) !== -1) throw new Error(`${bin} must start with exactly one "#!/usr/bin/env node" line.`);
  chmodSync(bin, 0o755);

  swapIn(staging, old);

  const code = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const bytes = code.reduce((sum, [, output]) => sum + output.bytes, 0);
  console.log(`relctl bundle: ${relative(ROOT, OUT)}/relctl.mjs + ${code.length - 1} chunks, ${(bytes / 1e6).toFixed(1)} MB of code from ${bundled.length} modules`);
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
