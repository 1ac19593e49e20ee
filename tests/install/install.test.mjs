// relctl as users install it (issue 22): every publishable package packed with `npm pack`,
// installed from its tarball into fresh folders outside the repository (npm's cache only, no
// workspace links), and the seed story run with what got installed, on a PHP repository with a bare
// origin; then the same story with the single-file build alone. See README.md beside this file.
//
//   npm run test:install            (builds first; `npm test` runs it last)
//   RELCTL_INSTALL_KEEP=1 …         keeps the scratch folder and prints where it is
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { exec } from './support/npm.mjs';
import { phpStory, storyEnv } from './support/php-story.mjs';
import { isInside, makeScratch } from './support/scratch.mjs';
import { publishablePackages, ROOT } from './support/workspace.mjs';

const began = performance.now();
const scratch = makeScratch();
const packages = publishablePackages();
const cli = packages.find((pkg) => pkg.name === 'relctl');
const libraries = packages.filter((pkg) => pkg !== cli);
const SINGLE_FILE = join(ROOT, 'apps', 'cli', 'single-file', 'relctl.mjs');
const semver = createRequire(join(ROOT, 'package.json'))('semver');
/** An npm cache of relctl's own, empty at first: an install that works with it and --offline needs no registry. */
const OFFLINE = ['--offline', '--cache', join(scratch, 'empty-npm-cache')];
const SHIPPED = [
  ['A', true],
  ['B', false],
  ['C', true],
  ['D', false],
];

/** @type {Map<string, { file: string, size: number, unpackedSize: number, entryCount: number, files: string[], manifest: Record<string, any> }>} */
const tarballs = new Map();
const timings = [];

/** Time one test's body for the summary. */
const timed = (name, body) => async () => {
  const start = performance.now();
  try {
    await body();
  } finally {
    timings.push([name, performance.now() - start]);
  }
};
const tarball = (name) => {
  const found = tarballs.get(name);
  assert.ok(found, `${name} was not packed (see the first test)`);
  return found.file;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
const shippedIn = (statusJson) =>
  JSON.parse(statusJson)
    .requests.map((request) => [request.id, request.shipped])
    .sort();

after(() => {
  const lines = ['', 'install test summary:'];
  for (const [name, packed] of tarballs)
    lines.push(`  ${name.padEnd(24)} ${kb(packed.size).padStart(8)} packed, ${kb(packed.unpackedSize).padStart(8)} unpacked, ${packed.entryCount} files`);
  if (existsSync(SINGLE_FILE)) lines.push(`  ${'single file relctl.mjs'.padEnd(24)} ${kb(statSync(SINGLE_FILE).size).padStart(8)}`);
  for (const [name, ms] of timings) lines.push(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
  lines.push(`  ${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s  in all (the parts after the manifests run side by side)`);
  if (process.env['RELCTL_INSTALL_KEEP']) lines.push(`  scratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
  console.log(lines.join('\n'));
});

describe('relctl installs from its tarballs, outside the repository', { concurrency: false }, () => {
  it(
    'packs every publishable package with npm pack and leaves the checkout as it was',
    timed('pack', async () => {
      assert.ok(cli, 'apps/cli (relctl) is not among the workspace packages');
      for (const name of ['@relctl/core', '@relctl/git', '@relctl/release-notes', '@relctl/runner', '@relctl/deploy', '@relctl/engine']) {
        assert.ok(
          libraries.some((pkg) => pkg.name === name),
          `${name} is not among the publishable workspace packages`,
        );
      }
      const destination = join(scratch, 'tarballs');
      mkdirSync(destination);
      const before = new Map(packages.map((pkg) => [pkg.name, { files: readdirSync(pkg.dir).sort(), manifest: readFileSync(join(pkg.dir, 'package.json'), 'utf8') }]));
      // One `npm pack` for all of them; it runs each package's prepack/postpack
      // (scripts/publish-manifest.mjs) in the package's folder, as `npm publish` does.
      const workspaces = packages.flatMap((pkg) => ['--workspace', relative(ROOT, pkg.dir)]);
      const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', destination, ...workspaces], { cwd: ROOT });
      // npm's JSON comes after whatever the packages' prepack scripts printed.
      const packed = JSON.parse(stdout.slice(Math.max(0, stdout.search(/^\[$/m))));
      for (const pkg of packages) {
        assert.equal(readFileSync(join(pkg.dir, 'package.json'), 'utf8'), before.get(pkg.name)?.manifest, `${pkg.name}: npm pack left package.json changed`);
        assert.deepEqual(readdirSync(pkg.dir).sort(), before.get(pkg.name)?.files, `${pkg.name}: npm pack left files behind`);
        const entry = packed.find((item) => item.name === pkg.name);
        assert.ok(entry, `npm pack made no tarball of ${pkg.name}`);
        const unpacked = join(scratch, 'unpacked', entry.filename.replace(/\.tgz$/, ''));
        mkdirSync(unpacked, { recursive: true });
        await exec('tar', ['xzf', join(destination, entry.filename), '-C', unpacked], { cwd: scratch });
        const manifest = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8'));
        tarballs.set(pkg.name, {
          file: join(destination, entry.filename),
          size: entry.size,
          unpackedSize: entry.unpackedSize,
          entryCount: entry.entryCount,
          files: entry.files.map((file) => file.path),
          manifest,
        });
      }
    }),
  );

  it(
    'ships manifests a consumer can use: exports and types inside the tarball, no workspace condition, no workspace dependencies',
    timed('manifests', () => {
      assert.equal(tarballs.size, packages.length, 'not every package was packed (see the first test)');
      const problems = [];
      // Without these, npm packs the workspace's package.json as it is (see scripts/publish-manifest.mjs).
      for (const pkg of packages) {
        for (const script of ['prepack', 'postpack', 'postpublish']) {
          const wanted = `node ../../scripts/publish-manifest.mjs ${script}`;
          if (pkg.manifest.scripts?.[script] !== wanted)
            problems.push(`${pkg.name}: package.json needs "scripts": { "${script}": "${wanted}" } (copy the fields of packages/core/package.json)`);
        }
      }
      for (const [name, { manifest, files }] of tarballs) {
        const say = (problem) => problems.push(`${name}: ${problem}`);
        if (JSON.stringify(manifest).includes('@relctl/source')) say('the workspace-only "@relctl/source" condition is in the published package.json');
        if (manifest.nx !== undefined) say('the workspace-only "nx" settings (project tags) are in the published package.json');
        const targets = [manifest.main, manifest.types, ...leaves(manifest.exports), ...Object.values(manifest.bin ?? {})].filter(
          (target) => typeof target === 'string' && target !== './package.json',
        );
        for (const target of targets) if (!files.includes(target.replace(/^\.\//, ''))) say(`${target} (named in package.json) is not in the tarball`);
        if (!/\.d\.ts$/.test(manifest.types ?? '') || !/\.d\.ts$/.test(manifest.exports?.['.']?.types ?? '')) say('no .d.ts under "types" and exports["."].types');
        if (!files.includes('LICENSE')) say('no LICENSE file');
        if (manifest.engines?.node !== '>=20.19.0') say(`engines.node is ${JSON.stringify(manifest.engines?.node)}, not ">=20.19.0"`);
        if (manifest.publishConfig?.access !== 'public' || manifest.publishConfig?.provenance !== true) say('publishConfig is not { access: public, provenance: true }');
        if (!manifest.repository?.url || !manifest.repository?.directory) say('repository (url and directory) is missing');
        if (files.some((file) => /^src\/|\.test\.|\.tsbuildinfo$/.test(file))) say('sources, tests or build info are packed');
        for (const [dependency, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
          const local = packages.find((pkg) => pkg.name === dependency);
          if (/^(file|link|workspace):/.test(range)) say(`depends on ${dependency}@${range}, which no registry serves`);
          if (dependency.startsWith('@relctl/') && !local) say(`depends on ${dependency}, which is not a published workspace package`);
          if (local && !semver.satisfies(local.version, range)) say(`depends on ${dependency}@${range}, but the workspace has ${local.version}`);
        }
      }
      const relctl = tarballs.get('relctl')?.manifest ?? {};
      // The CLI's bundle holds the workspace packages and its third-party code: an install must not fetch them.
      for (const dependency of Object.keys(relctl.dependencies ?? {})) problems.push(`relctl: depends on ${dependency}, which its bundle should hold`);
      if (relctl.peerDependencies?.typescript && relctl.peerDependenciesMeta?.typescript?.optional !== true)
        problems.push('relctl: the typescript peer dependency must be optional');
      assert.deepEqual(problems, []);
    }),
  );

  // Independent of each other: run side by side.
  describe('installed from the tarballs', { concurrency: true }, () => {
    describe('relctl', { concurrency: false }, () => {
      it(
        'installs with no registry at all (npx --package, npm install -g, npm install --save-dev) and runs, also as a library',
        timed('relctl: npx / global / devDependency', async () => {
          const version = cli.version;
          // Global, into a prefix of its own (not the machine's).
          const prefix = join(scratch, 'global');
          await exec('npm', ['install', '--global', ...OFFLINE, '--prefix', prefix, tarball('relctl')], { cwd: scratch });
          assert.equal((await exec(join(prefix, 'bin', 'relctl'), ['--version'], { cwd: scratch })).stdout.trim(), version);
          assert.ok(isInside(join(prefix, 'lib', 'node_modules', 'relctl', 'bundle', 'relctl.mjs'), prefix), 'the global relctl links back out of its prefix');
          assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['relctl'], 'a global install of relctl installed other packages');
          // A JavaScript team's repository: a devDependency, run with npx.
          const team = join(scratch, 'team-js');
          mkdirSync(team);
          writeFileSync(join(team, 'package.json'), `${JSON.stringify({ name: 'team-js', private: true, type: 'module' }, null, 2)}\n`);
          await exec('npm', ['install', '--save-dev', ...OFFLINE, tarball('relctl')], { cwd: team });
          assert.ok(JSON.parse(readFileSync(join(team, 'package.json'), 'utf8')).devDependencies?.relctl, 'relctl is not in devDependencies');
          assert.deepEqual(
            readdirSync(join(team, 'node_modules')).filter((name) => !name.startsWith('.')),
            ['relctl'],
            'installing relctl installed other packages',
          );
          assert.equal((await exec('npx', [...OFFLINE, 'relctl', '--version'], { cwd: team })).stdout.trim(), version);
          // …and its library entry, `import { run } from 'relctl'`, on a repository of its own.
          const repo = join(team, 'repo');
          await exec('git', ['init', '-q', '--initial-branch=main', repo], { cwd: team, env: storyEnv() });
          await exec('git', ['commit', '-q', '--allow-empty', '-m', 'Start'], { cwd: repo, env: storyEnv() });
          writeFileSync(
            join(team, 'use-library.mjs'),
            "import { run, processIo } from 'relctl';\nlet out = '';\nconst io = { ...processIo(), cwd: process.argv[2], stdout: (text) => (out += text), stderr: (text) => (out += text) };\nconst { exitCode } = await run(['init', '--dry-run'], io);\nconsole.log(JSON.stringify({ exitCode, out, resolved: import.meta.resolve('relctl') }));\n",
          );
          const library = JSON.parse((await exec('node', ['use-library.mjs', repo], { cwd: team, env: storyEnv() })).stdout);
          assert.equal(library.exitCode, 0, library.out);
          assert.match(library.out, /relctl\.config\.yaml/);
          assert.ok(isInside(fileURLToPath(library.resolved), team), `relctl resolved to ${library.resolved}, outside the project`);
          // npx with the tarball, from a folder with no package.json (npm's npx cache).
          const anywhere = join(scratch, 'anywhere');
          mkdirSync(anywhere);
          assert.equal((await exec('npx', ['--yes', ...OFFLINE, '--package', tarball('relctl'), 'relctl', '--version'], { cwd: anywhere })).stdout.trim(), version);
        }),
      );

      it(
        'runs the seed story on a PHP repository (no package.json) with a bare origin, each install running part of it',
        timed('story: installed relctl (npx / global / devDependency)', async () => {
          const env = storyEnv();
          const team = join(scratch, 'team-js');
          const runners = {
            global: { label: 'relctl (npm install -g)', run: (args, repo) => exec(join(scratch, 'global', 'bin', 'relctl'), args, { cwd: repo, env, allowFailure: true }) },
            // What `npx relctl` runs in the team's repository (checked above): node_modules/.bin/relctl.
            devDependency: {
              label: 'node_modules/.bin/relctl (devDependency)',
              run: (args, repo) => exec(join(team, 'node_modules', '.bin', 'relctl'), ['-C', repo, ...args], { cwd: team, env, allowFailure: true }),
            },
            npx: {
              label: 'npx --package <tarball> relctl',
              run: (args, repo) => exec('npx', ['--yes', ...OFFLINE, '--package', tarball('relctl'), 'relctl', ...args], { cwd: repo, env, allowFailure: true }),
            },
          };
          // npx, the slowest to start, runs init only.
          const byStep = { init: runners.npx, request: runners.global, 'promote-test': runners.devDependency, approve: runners.devDependency, 'promote-prod': runners.global };
          const { problems, repo } = await phpStory({ dir: join(scratch, 'story-installed'), pick: (step) => byStep[step], version: cli.version });
          assert.deepEqual(problems, []);
          for (const runner of [runners.global, runners.devDependency]) {
            const status = await runner.run(['status', '--json'], repo);
            assert.equal(status.status, 0, `${runner.label}: relctl status --json failed:\n${status.stderr}`);
            assert.deepEqual(shippedIn(status.stdout), SHIPPED, runner.label);
          }
        }),
      );
    });

    it(
      'installs the library packages (npm cache, no workspace links): they load, typecheck and run the embed-core example',
      timed('libraries: install, import, tsc, example', async () => {
        const embedder = join(scratch, 'embedder');
        mkdirSync(embedder);
        writeFileSync(join(embedder, 'package.json'), `${JSON.stringify({ name: 'embedder', private: true, type: 'module' }, null, 2)}\n`);
        const typesNode = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')).version;
        // Third-party dependencies (zod, isomorphic-git, changesets…) come from npm's cache, which
        // `npm ci` filled; the registry is asked only for what the cache lacks (package metadata).
        await exec('npm', ['install', '--prefer-offline', ...libraries.map((pkg) => tarball(pkg.name)), tarball('relctl'), `@types/node@${typesNode}`], { cwd: embedder });
        await exec('npm', ['ls', '--all'], { cwd: embedder });
        const names = [...libraries.map((pkg) => pkg.name), 'relctl'];
        writeFileSync(
          join(embedder, 'load.mjs'),
          `const out = {};\nfor (const name of ${JSON.stringify(names)}) {\n  const module = await import(name);\n  out[name] = { exports: Object.keys(module).length, resolved: import.meta.resolve(name) };\n}\nconsole.log(JSON.stringify(out));\n`,
        );
        const loaded = JSON.parse((await exec('node', ['load.mjs'], { cwd: embedder })).stdout);
        for (const name of names) {
          assert.ok(loaded[name].exports > 0, `${name} exports nothing`);
          assert.ok(
            isInside(fileURLToPath(loaded[name].resolved), join(embedder, 'node_modules')),
            `${name} resolved to ${loaded[name].resolved}, outside the project's node_modules`,
          );
        }
        // Types: every package's declarations, checked in full (skipLibCheck off) as a strict consumer sees them.
        const last = `p${names.length - 1}`;
        writeFileSync(
          join(embedder, 'types.ts'),
          `${names.map((name, index) => `import * as p${index} from '${name}';`).join('\n')}\nexport const all = [${names.map((_, index) => `p${index}`).join(', ')}];\nexport const version: Promise<{ exitCode: number }> = ${last}.run(['--version'], ${last}.processIo());\n`,
        );
        writeFileSync(
          join(embedder, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              target: 'ES2022',
              lib: ['ES2023'],
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              types: ['node'],
            },
            files: ['types.ts'],
          }),
        );
        await exec('node', [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: embedder });
        // The example an embedder starts from, run against the installed @relctl/core.
        copyFileSync(join(ROOT, 'examples', 'embed-core', 'evaluate-promotion.mjs'), join(embedder, 'evaluate-promotion.mjs'));
        assert.match((await exec('node', ['evaluate-promotion.mjs'], { cwd: embedder })).stdout, /Promote A, C to prod: allowed/);
      }),
    );

    it(
      'runs the seed story with the single file alone (node relctl.mjs: no node_modules, no package.json)',
      timed('story: single file', async () => {
        assert.ok(existsSync(SINGLE_FILE), `${SINGLE_FILE} is missing: build it ("npm run build" builds it; or npx nx run relctl:single-file)`);
        const bin = join(scratch, 'runner', 'relctl.mjs');
        mkdirSync(join(scratch, 'runner'));
        copyFileSync(SINGLE_FILE, bin);
        const env = storyEnv();
        const single = { label: 'node relctl.mjs', run: (args, repo) => exec(process.execPath, [bin, ...args], { cwd: repo, env, allowFailure: true }) };
        assert.equal((await exec(process.execPath, [bin, '--version'], { cwd: scratch, env })).stdout.trim(), cli.version);
        // yargs' message files travel inside the file; relctl's CLI text is English whatever LANG says,
        // because usage refusals are rewritten from yargs' English messages (main.ts, detectLocale).
        assert.match((await exec(process.execPath, [bin, '--help'], { cwd: scratch, env: { ...env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } })).stdout, /Show help/);
        const { problems, repo } = await phpStory({ dir: join(scratch, 'story-single-file'), pick: () => single, version: cli.version });
        assert.deepEqual(problems, []);
        assert.deepEqual(shippedIn((await single.run(['status', '--json'], repo)).stdout), SHIPPED);
      }),
    );
  });
});

/** Every string at the leaves of an `exports` value. */
function leaves(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(leaves);
}
