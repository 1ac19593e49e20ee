#!/usr/bin/env node
// The package.json a relctl package is packed and published with. Every non-private workspace
// package (packages/*, apps/cli) runs this from its npm lifecycle scripts:
//
//   "prepack":     "node ../../scripts/publish-manifest.mjs prepack",
//   "postpack":    "node ../../scripts/publish-manifest.mjs postpack",
//   "postpublish": "node ../../scripts/publish-manifest.mjs postpublish"
//
// so `npm pack`, `npm publish` and `changeset publish` (which runs `npm publish` in each package
// folder) all ship the same manifest. npm runs the scripts in the package's folder.
//
// prepack checks the package is ready to publish (built, the fields a registry page and npm
// provenance need) and refuses, changing nothing, when it is not. Then it rewrites package.json for
// the tarball: the `@relctl/source` export condition (which points the workspace's TypeScript and
// vitest at src/*.ts, a folder that is not packed) is removed, so a consumer whose tools happen to
// use that condition gets dist/ like everyone else, and so are the workspace's `nx` settings; and
// the repository's LICENSE is copied in when the package has none. The original is kept in
// `.package.json.before-pack` and put back:
// - by postpack after `npm pack`;
// - by postpublish after `npm publish`: npm reads package.json again after packing, for the
//   registry's copy of the manifest, so it must still be the rewritten one then. A publish that fails
//   in between (network, auth) leaves the rewritten file behind; the next prepack, or
//   `node scripts/publish-manifest.mjs restore` in the package folder, puts the original back.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONDITION = '@relctl/source';
const BACKUP = '.package.json.before-pack';
const REPOSITORY = 'git+https://github.com/relctl/relctl.git';

const dir = process.cwd();
const step = process.argv[2];

if (step === 'prepack') prepack();
else if (step === 'postpack') {
  // Part of `npm publish`: postpublish restores, after npm has read the manifest again.
  if (process.env['npm_command'] !== 'publish') restore();
} else if (step === 'postpublish' || step === 'restore') restore();
else {
  console.error('usage: node scripts/publish-manifest.mjs prepack|postpack|postpublish|restore (in a package folder)');
  process.exit(2);
}

function prepack() {
  restore();
  const text = readFileSync(join(dir, 'package.json'), 'utf8');
  const manifest = JSON.parse(text);
  // `nx` (the project's tags for the lint boundaries) is the workspace's business, like the condition.
  const { nx: _workspaceOnly, ...shipped } = manifest;
  const published = { ...shipped, exports: withoutCondition(manifest.exports) };
  const problems = checkManifest(published);
  if (problems.length > 0) {
    console.error(`${manifest.name ?? dir} cannot be packed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exit(1);
  }
  const copyLicense = !readdirSync(dir).some((name) => /^licen[cs]e(\.|$)/i.test(name));
  writeFileSync(join(dir, BACKUP), JSON.stringify({ packageJson: text, copiedLicense: copyLicense }));
  if (copyLicense) copyFileSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}

function restore() {
  const backup = join(dir, BACKUP);
  if (!existsSync(backup)) return;
  const { packageJson, copiedLicense } = JSON.parse(readFileSync(backup, 'utf8'));
  writeFileSync(join(dir, 'package.json'), packageJson);
  if (copiedLicense) rmSync(join(dir, 'LICENSE'), { force: true });
  rmSync(backup);
}

/** `exports` without the workspace-only condition, at any depth. */
function withoutCondition(value) {
  if (Array.isArray(value)) return value.map(withoutCondition);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== CONDITION)
      .map(([key, inner]) => [key, withoutCondition(inner)]),
  );
}

/** What keeps `manifest` (as it would be published) from being packed, one sentence each. */
function checkManifest(manifest) {
  const problems = [];
  const where = relative(ROOT, dir).split(sep).join('/');
  if (manifest.private) problems.push('it is private ("private": true).');
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) problems.push('"files" must list what the tarball holds (e.g. ["dist", "!**/*.tsbuildinfo"]).');
  if (typeof manifest.license !== 'string') problems.push('"license" is missing.');
  if (!existsSync(join(ROOT, 'LICENSE'))) problems.push('the repository has no LICENSE file to ship.');
  if (typeof manifest.engines?.node !== 'string') problems.push('"engines.node" is missing (relctl needs ">=20.19.0").');
  if (manifest.repository?.url !== REPOSITORY || manifest.repository?.directory !== where) {
    problems.push(
      `"repository" must be { "type": "git", "url": "${REPOSITORY}", "directory": "${where}" } (npm provenance checks it against the repository that built the package).`,
    );
  }
  if (manifest.publishConfig?.access !== 'public' || manifest.publishConfig?.provenance !== true)
    problems.push('"publishConfig" must be { "access": "public", "provenance": true }.');
  for (const script of ['prepack', 'postpack', 'postpublish']) {
    if (manifest.scripts?.[script] !== `node ../../scripts/publish-manifest.mjs ${script}`)
      problems.push(`"scripts.${script}" must be "node ../../scripts/publish-manifest.mjs ${script}".`);
  }
  if (typeof manifest.types !== 'string') problems.push('"types" is missing.');
  if (JSON.stringify(manifest.exports ?? {}).includes('"./src/')) problems.push('"exports" points into src/, which is not packed.');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(file|link|workspace|portal):/.test(String(range))) problems.push(`${field}.${name} is "${range}", which does not install from a registry.`);
      if (name === '@relctl/testing') problems.push(`${field} lists @relctl/testing, which is private and never published.`);
    }
  }
  const targets = new Set([
    manifest.main,
    manifest.types,
    ...leaves(manifest.exports),
    ...Object.values(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {})),
  ]);
  const missing = [...targets].filter((target) => typeof target === 'string' && !target.includes('*') && !existsSync(join(dir, target)));
  if (missing.length > 0) problems.push(`${missing.join(', ')} missing: build first ("npm run build" at the repository root).`);
  return problems;
}

/** Every string at the leaves of an `exports` value. */
function leaves(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(leaves);
}
