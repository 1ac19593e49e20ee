#!/usr/bin/env node
/**
 * Extract the inputs of changesets' own tests for parse, assemble-release-plan and
 * apply-release-plan into upstream-cases.json, which the differential test
 * (changesets.differential.test.ts) runs through relctl and through the changesets packages.
 *
 * It runs the upstream test files themselves, transpiled with esbuild, with the function under
 * test replaced by a recorder that writes down its arguments (and, for parse and assemble, then
 * calls the real package so the test goes on). Upstream expectations are not needed: the oracle
 * is the changesets package, run on the same input.
 *
 *   node packages/release-notes/test/differential/extract-upstream-cases.mjs <changesets git dir> [tag]
 *
 * The default tag is the one matching the installed @changesets/cli. changesets is MIT licensed
 * (Copyright (c) 2019 Ben Conolly); the extracted inputs keep the upstream test names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'package.json'));
const [gitDir, tag = `@changesets/cli@${require('@changesets/cli/package.json').version}`] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: extract-upstream-cases.mjs <changesets git dir> [tag]');
  process.exit(2);
}
const show = (path) => execFileSync('git', ['--git-dir', gitDir, 'show', `${tag}:${path}`], { encoding: 'utf8' });
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-list', '-n', '1', tag], { encoding: 'utf8' }).trim();

const cases = { parse: [], assemble: [], apply: [] };
const clone = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
const temps = [];

/** A tiny jest: describe/it/test (with .each and .skip), beforeEach/afterEach, an expect that checks nothing. */
function makeJest() {
  const root = { name: '', tests: [], children: [], before: [], after: [] };
  let scope = root;
  const format = (name, args) => {
    let index = 0;
    return name.replace(/%[sdpj]/g, () => String(args[index++]));
  };
  const describe = (name, body) => {
    const child = { name, tests: [], children: [], before: [], after: [], parent: scope };
    scope.children.push(child);
    const previous = scope;
    scope = child;
    body();
    scope = previous;
  };
  describe.each = (table) => (name, body) => table.forEach((row) => describe(format(name, [row].flat()), () => body(...[row].flat())));
  describe.skip = () => {};
  const it = (name, body) => scope.tests.push({ name, body, scope });
  it.each = (table) => (name, body) => table.forEach((row) => it(format(name, [row].flat()), () => body(...[row].flat())));
  it.skip = () => {};
  it.only = it;
  const anything = new Proxy(function () {}, { get: (_target, key) => (key === 'then' ? undefined : anything), apply: () => anything });
  // `expect(() => parse(text)).toThrow()`: call the function so its input is recorded.
  const expect = (value) => {
    if (typeof value === 'function') {
      try {
        const result = value();
        if (result && typeof result.catch === 'function') result.catch(() => {});
      } catch {
        // expected to throw
      }
    }
    return anything;
  };
  Object.assign(expect, { any: () => anything, objectContaining: () => anything, stringContaining: () => anything, arrayContaining: () => anything });
  const globals = {
    describe,
    it,
    test: it,
    beforeEach: (hook) => scope.before.push(hook),
    afterEach: (hook) => scope.after.push(hook),
    expect,
    jest: { fn: () => () => {}, mock: () => {}, spyOn: () => ({ mockImplementation: () => {} }) },
  };
  async function run(onTest) {
    const walk = async (node, path) => {
      for (const test of node.tests) {
        const chain = [];
        for (let at = test.scope; at; at = at.parent) chain.unshift(at);
        for (const level of chain) for (const hook of level.before) await hook();
        onTest([...path, test.name].filter(Boolean).join(' > '));
        try {
          await test.body();
        } catch {
          // The recorder stops some tests early; their expectations do not matter here.
        }
        for (const level of chain.reverse()) for (const hook of level.after) await hook();
      }
      for (const child of node.children) await walk(child, [...path, child.name]);
    };
    await walk(root, []);
  }
  return { globals, run };
}

/** Load an upstream TypeScript file as CommonJS, with some modules replaced. */
function load(path, replaced, jest) {
  const { code } = transformSync(show(path), { loader: 'ts', format: 'cjs', target: 'node20' });
  const module = { exports: {} };
  const localRequire = (name) => {
    if (name in replaced) return replaced[name];
    return require(name);
  };
  const fn = new Function('require', 'module', 'exports', '__dirname', ...Object.keys(jest.globals), code);
  fn(localRequire, module, module.exports, `/upstream/${dirname(path)}`, ...Object.values(jest.globals));
  return module.exports;
}

function readTree(dir) {
  const files = {};
  const walk = (at) => {
    for (const name of readdirSync(at)) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

let current = '';
const record = (kind, data) => {
  const taken = cases[kind].filter((entry) => entry.name === current || entry.name.startsWith(`${current} #`)).length;
  cases[kind].push({ name: taken === 0 ? current : `${current} #${taken + 1}`, ...data });
};

// parse
{
  const jest = makeJest();
  const parse = require('@changesets/parse').default;
  load('packages/parse/src/index.test.ts', { './': { __esModule: true, default: (text) => (record('parse', { text }), parse(text)) } }, jest);
  await jest.run((name) => (current = name));
}

// assemble-release-plan
{
  const jest = makeJest();
  const assemble = require('@changesets/assemble-release-plan').default;
  const utils = load('packages/assemble-release-plan/src/test-utils.ts', {}, jest);
  const recorder = (changesets, packages, config, preState, snapshot) => {
    record('assemble', { changesets: clone(changesets), packages: clone(packages), config: clone(config), preState: clone(preState), snapshot: clone(snapshot) });
    return assemble(changesets, packages, config, preState, snapshot);
  };
  load('packages/assemble-release-plan/src/index.test.ts', { './': { __esModule: true, default: recorder }, './test-utils': utils }, jest);
  await jest.run((name) => (current = name));
}

// apply-release-plan
{
  const jest = makeJest();
  const testdir = async (fixture) => {
    const dir = mkdtempSync(join(tmpdir(), 'changesets-case-'));
    temps.push(dir);
    for (const [file, text] of Object.entries(fixture)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  };
  const recorder = async (releasePlan, packages, config, snapshot) => {
    const changelog = Array.isArray(config?.changelog)
      ? [String(config.changelog[0]).replace(/^.*\/test-utils\//, 'upstream-test-utils/'), config.changelog[1] ?? null]
      : (config?.changelog ?? null);
    record('apply', {
      files: readTree(packages.root.dir),
      releasePlan: clone(releasePlan),
      config: clone({ ...config, changelog }),
      snapshot: clone(snapshot),
    });
    return [];
  };
  load(
    'packages/apply-release-plan/src/index.test.ts',
    {
      './': { __esModule: true, default: recorder },
      '@changesets/test-utils': { __esModule: true, testdir, temporarilySilenceLogs: (fn) => fn, silenceLogsInBlock: () => {} },
    },
    jest,
  );
  await jest.run((name) => (current = name));
}

for (const dir of temps) rmSync(dir, { recursive: true, force: true });
const out = join(here, 'upstream-cases.json');
writeFileSync(out, `${JSON.stringify({ source: { repository: 'changesets/changesets', tag, commit, license: 'MIT' }, ...cases }, null, 1)}\n`);
console.log(`${out}: ${cases.parse.length} parse, ${cases.assemble.length} assemble, ${cases.apply.length} apply cases`);
