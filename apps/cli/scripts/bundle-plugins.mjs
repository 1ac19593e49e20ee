// esbuild plugins and checks shared by the two builds of the CLI: the npm bundle
// (scripts/bundle.mjs, bundle/ with one chunk per command) and the single file
// (scripts/single-file.mjs, single-file/relctl.mjs, nothing beside it).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve, sep } from 'node:path';

/** The yargs ESM shim finds its locales at `<its own file>/../../../locales`. */
export const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const LOCALES_FROM = "resolve(__dirname, '../../../locales')";

/**
 * Point yargs at `localesExpression` (JavaScript evaluated in the chunk) for its locale files, so
 * that help and errors stay translated exactly as unbundled (LANG=de_DE … prints German either way).
 *
 * @param {string} localesExpression
 * @returns {import('esbuild').Plugin}
 */
export function yargsLocales(localesExpression) {
  return {
    name: 'yargs-locales',
    setup(onBuild) {
      onBuild.onLoad({ filter: YARGS_SHIM }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        if (!source.includes(LOCALES_FROM)) throw new Error(`${path} no longer contains ${LOCALES_FROM}: update apps/cli/scripts/bundle-plugins.mjs for this yargs version.`);
        return { contents: source.replace(LOCALES_FROM, localesExpression), loader: 'js' };
      });
    },
  };
}

/** y18n's Node shim: the only place yargs' translations touch the file system. */
export const Y18N_SHIM = /[\\/]y18n[\\/]build[\\/]lib[\\/]platform-shims[\\/]node\.js$/;

/**
 * Serve yargs' locale files from the bundle itself (for the single file, which has no folder
 * beside it): y18n's Node shim is replaced by one that reads `<name>.json` from a table of the
 * files in `localesDir`, keyed by file name (y18n asks for `<dir>/<locale>.json`, then
 * `<dir>/<language>.json`). y18n only reads (yargs passes `updateFiles: false`).
 *
 * @param {string} localesDir yargs' `locales/` folder
 * @returns {import('esbuild').Plugin}
 */
export function embeddedLocales(localesDir) {
  const table = Object.fromEntries(
    readdirSync(localesDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [name, readFileSync(join(localesDir, name), 'utf8')]),
  );
  if (!table['en.json']) throw new Error(`${localesDir} has no en.json: is it yargs' locales folder?`);
  const contents = `import { format } from 'node:util';
import { basename, resolve } from 'node:path';
const LOCALES = ${JSON.stringify(table)};
const has = (file) => Object.prototype.hasOwnProperty.call(LOCALES, basename(file));
export default {
  fs: {
    readFileSync(file) {
      if (!has(file)) throw Object.assign(new Error('ENOENT: no such file, open ' + file), { code: 'ENOENT' });
      return LOCALES[basename(file)];
    },
    writeFile(file, data, encoding, callback) {
      callback(null);
    },
  },
  format,
  resolve,
  exists: has,
};
`;
  return {
    name: 'embedded-locales',
    setup(onBuild) {
      onBuild.onLoad({ filter: Y18N_SHIM }, () => ({ contents, loader: 'js' }));
    },
  };
}

/** The module that reads relctl's version from package.json (apps/cli/src/relctl-version.ts). */
const VERSION_MODULE = /(^|[\\/])dist[\\/]relctl-version\.js$/;
const VERSION_FROM = "createRequire(import.meta.url)('../package.json')";

/**
 * Write relctl's version into the build instead of reading package.json when it runs: the single
 * file has no package.json beside it, and the bundle then reads one file less at start-up.
 *
 * @param {string} version apps/cli/package.json's `version`
 * @returns {import('esbuild').Plugin}
 */
export function inlineVersion(version) {
  return {
    name: 'inline-version',
    setup(onBuild) {
      onBuild.onLoad({ filter: VERSION_MODULE }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        if (!source.includes(VERSION_FROM)) throw new Error(`${path} no longer contains ${VERSION_FROM}: update inlineVersion in apps/cli/scripts/bundle-plugins.mjs.`);
        return { contents: source.replace(VERSION_FROM, JSON.stringify({ version })), loader: 'js' };
      });
    },
  };
}

/**
 * Checks of a finished build: the plugins above found what they replace, nothing reads
 * package.json any more, and every module left outside the build is a Node built-in or one the
 * package declares. Returns the problems, one sentence each (empty: all good).
 *
 * @param {{ metafile: import('esbuild').Metafile, declared: string[], plugins: RegExp[] }} options
 *   `declared`: the package names the build may leave external (and the package must declare);
 *   `plugins`: input paths a plugin rewrites, which must each have been bundled.
 * @returns {{ problems: string[], externals: string[] }}
 */
export function checkBuild({ metafile, declared, plugins }) {
  const problems = [];
  const inputs = Object.keys(metafile.inputs);
  for (const pattern of plugins)
    if (!inputs.some((input) => pattern.test(input))) problems.push(`no input matched ${pattern}: a plugin in apps/cli/scripts/bundle-plugins.mjs no longer applies.`);
  if (!inputs.some((input) => VERSION_MODULE.test(input))) problems.push('dist/relctl-version.js was not bundled: relctl would print no version.');
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  const externals = new Set();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const entry of output.imports) {
      if (!entry.external || builtins.has(entry.path) || entry.path.startsWith('node:')) continue;
      const name = entry.path.startsWith('@') ? entry.path.split('/').slice(0, 2).join('/') : entry.path.split('/')[0];
      externals.add(name);
      if (!declared.includes(name)) problems.push(`${file} imports "${entry.path}", which is neither bundled nor declared.`);
    }
  }
  for (const input of inputs)
    if (/(^|[\\/])node_modules[\\/]typescript[\\/]/.test(input))
      problems.push('typescript got bundled: keep it external (a relctl.config.ts loads it from the project; bundled it adds ~11 MB).');
  return { problems, externals: [...externals].sort() };
}

/**
 * The notices of the third-party packages a build holds (name, version, licence and the text of
 * its licence file), which their licences (MIT, ISC, BSD, Apache-2.0) ask to ship with copies of
 * the code. `format: 'comment'` wraps them in one block comment for the end of a JavaScript file.
 *
 * @param {{ metafile: import('esbuild').Metafile, format: 'text' | 'comment' }} options
 * @returns {string}
 */
export function thirdPartyNotices({ metafile, format }) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(input).split(sep).join('/');
    const at = path.lastIndexOf('/node_modules/');
    if (at === -1) continue;
    const rest = path.slice(at + '/node_modules/'.length).split('/');
    const dir = path.slice(0, at + '/node_modules/'.length) + rest.slice(0, rest[0]?.startsWith('@') ? 2 : 1).join('/');
    if (!packages.has(dir)) packages.set(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  }
  const sections = [...packages.entries()]
    .sort(([, a], [, b]) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`))
    .map(([dir, manifest]) => {
      const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
      const text = file
        ? readFileSync(join(dir, file), 'utf8').trim()
        : `(the package ships no licence file; its package.json says: ${JSON.stringify(manifest.license ?? 'no licence')})`;
      return `${manifest.name} ${manifest.version} (${typeof manifest.license === 'string' ? manifest.license : 'see below'})\n\n${text}`;
    });
  const body = `relctl includes the following third-party packages.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
  return format === 'comment' ? `/*!\n${body.replaceAll('*/', '* /')}*/\n` : body;
}
