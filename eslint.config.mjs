// ESLint for the whole workspace (flat config, ESLint 9 + typescript-eslint 8). Its main job is
// the dependency direction of docs/ARCHITECTURE.md, checked rather than promised:
//
//   core      <- adapters (runner, git, release-notes, deploy) <- engine <- apps (cli, action)
//   testing   (private) is for tests only
//
// Each project says what it is with one tag (`nx.tags` in its package.json; apps/cli: project.json):
// type:core, type:adapter, type:engine, type:app, type:testing. `@nx/enforce-module-boundaries`
// reads the project graph and refuses an import of a package the tag does not allow. Test code
// (tests, test-support, fixtures, benchmarks) has looser rules: it may use @relctl/testing and the
// adapters it builds repositories with. On top of that, @relctl/core's code must stay pure: no
// Node.js module (`node:fs`, or `fs` without the prefix), so it runs anywhere and facts come in as
// arguments. Formatting is Prettier's job (prettier.config.mjs), not ESLint's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

// The boundaries rule reads nx's cached project graph, and without one it skips every check with
// only a warning: a fresh clone (CI) would pass whatever it imports. So make the graph when there
// is none (`npm run lint` also refreshes it first, for a project added since the last nx command).
const graphDir = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY ?? join(ROOT, '.nx', 'workspace-data');
// (The variable stops a recursion should nx ever load this file while it makes the graph. nx.json does
// not use @nx/eslint/plugin: it loads this file during graph creation, and in a fresh clone the
// nested `nx show projects` then waited on the outer graph lock until nx timed out.)
if (!existsSync(join(graphDir, 'project-graph.json')) && process.env.RELCTL_MAKING_GRAPH === undefined) {
  const manifest = createRequire(import.meta.url).resolve('nx/package.json');
  const nx = join(dirname(manifest), createRequire(import.meta.url)('nx/package.json').bin.nx);
  execFileSync(process.execPath, [nx, 'show', 'projects'], { cwd: ROOT, stdio: 'ignore', env: { NX_DAEMON: 'false', ...process.env, RELCTL_MAKING_GRAPH: '1' } });
}

/** Where test code lives: it may import @relctl/testing, and adapters to build its repositories. */
const TEST_FILES = [
  '**/*.test.ts',
  '**/*.spec.ts',
  '**/test/**',
  '**/test-support/**',
  // The git port contract is a test suite run against both git ports (not in the package build).
  'packages/git/src/contract/**',
  'tests/**',
  'bench/**',
];

/** Every Node.js built-in module, with and without the `node:` prefix (`fs`, `node:fs`, `fs/promises`). */
const NODE_BUILTINS = [...new Set(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])))];

/**
 * What production code of each kind of project may import (workspace packages only; npm
 * packages are the package.json's business). A constraint names tags; a package with none of
 * them is refused.
 */
const PRODUCTION_CONSTRAINTS = [
  // The pure policy engine: nothing of ours.
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'] },
  // Adapters implement core's ports; never the engine, an app, or each other.
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core'] },
  // The application layer composes the adapters; never an app.
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:core', 'type:adapter'] },
  // Apps (the CLI, the GitHub Action): argv or an event in, text or an API call out, through the engine.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:engine'] },
  // Test helpers (temp repositories, fakes) build on core only, so every package's tests can use them.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core'] },
];

/**
 * What test code may import: production's allowance plus @relctl/testing and any adapter (a
 * runner test builds repositories with the git adapter). Core's tests stay on core: core ->
 * testing -> core would be a cycle.
 */
const TEST_CONSTRAINTS = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:testing'] },
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:engine', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:engine', 'type:app', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:testing'] },
];

/** The boundaries rule with a set of constraints. */
const boundaries = (depConstraints) => [
  'error',
  {
    depConstraints,
    // A project without a tag is a mistake (it would escape every constraint).
    enforceBuildableLibDependency: true,
    allowCircularSelfDependency: false,
    // The CLI imports a command's dependencies lazily (one chunk per command, apps/cli/scripts/bundle.mjs)
    // and statically inside the command's own chunk: both on purpose, so no package is "lazy-only".
    checkDynamicDependenciesExceptions: ['.*'],
  },
];

export default tseslint.config(
  {
    // Generated or copied code, and what other tools own.
    ignores: ['**/node_modules/', '**/dist/', '**/bundle/', '**/bundle.*/', '**/single-file/', '**/out-tsc/', '**/coverage/', 'docs/api/', '.nx/', 'tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(PRODUCTION_CONSTRAINTS),
      // `const { dropped: _dropped, ...rest } = value` leaves a key out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Tool configs (vitest.config.ts imports the root's vitest.shared.ts) and build scripts (the
    // bundles share scripts/esbuild-node-esm.mjs): not part of any package's code.
    files: ['**/vitest.config.ts', '*.config.mjs', 'apps/*/scripts/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The git HTTP server runs in a worker from its own source text: it can only `require` what it needs.
    files: ['packages/testing/src/http-git-server.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(TEST_CONSTRAINTS),
    },
  },
  {
    // The CLI uses the engine's public entry only (the `internal` entry is for the engine's own tests).
    files: ['apps/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@relctl/engine/internal', message: "Use @relctl/engine's public entry; export what the app needs there, with TSDoc." }] },
      ],
    },
  },
  {
    // @relctl/core is pure: no Node.js module in its code (its tests may use them).
    files: ['packages/core/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({
            name,
            message: '@relctl/core is pure (no file system, process, network or clock): take the fact as an argument, and read it in an adapter or the engine.',
          })),
          patterns: [{ group: ['node:*'], message: '@relctl/core is pure: no Node.js modules; read it in an adapter or the engine.' }],
        },
      ],
    },
  },
);
