import assembleReleasePlan from '@changesets/assemble-release-plan';
import { defaultConfig } from '@changesets/config';
import { describe, expect, it } from 'vitest';
import { ConfigError, StateError } from '@relctl/core';
import { parseRequestChangeset } from '../changeset/parse-request-changeset.js';
import type { PackageJson, TreePackage } from '../types.js';
import { planRelease } from './plan-release.js';

const cs = (id: string, front: string, note = `Note of ${id}`) => parseRequestChangeset({ id, text: `---\n${front}\n---\n\n${note}\n` });
const pkg = (dir: string, packageJson: PackageJson): TreePackage => ({ dir, packageJson, text: `${JSON.stringify(packageJson, null, 2)}\n` });

describe('planRelease — repository without package.json', () => {
  it('bumps the current version by the highest bump of the given changesets only', () => {
    const plan = planRelease({ changesets: [cs('A', 'bump: minor'), cs('C', 'bump: patch')], packages: [], currentVersion: '1.3.0' });
    expect(plan).toMatchObject({ kind: 'repository', previousVersion: '1.3.0', version: '1.4.0', bump: 'minor', packages: [] });
    expect(plan.changesets.map((changeset) => changeset.id)).toEqual(['A', 'C']);
  });

  it('starts from 0.0.0 and keeps the version for none', () => {
    expect(planRelease({ changesets: [cs('A', 'bump: patch')], packages: [], currentVersion: '0.0.0' }).version).toBe('0.0.1');
    expect(planRelease({ changesets: [cs('A', 'bump: none')], packages: [], currentVersion: '2.0.0' }).version).toBe('2.0.0');
    expect(planRelease({ changesets: [], packages: [], currentVersion: '2.0.0' }).version).toBe('2.0.0');
  });

  it('treats a package.json without a name as no package', () => {
    const plan = planRelease({ changesets: [cs('A', 'bump: major')], packages: [pkg('', { private: true })], currentVersion: '1.0.0' });
    expect(plan).toMatchObject({ kind: 'repository', version: '2.0.0' });
  });

  it('refuses a current version that is not semver', () => {
    expect(() => planRelease({ changesets: [], packages: [], currentVersion: 'v1' })).toThrow(StateError);
  });
});

describe('planRelease — single package', () => {
  const root = pkg('', { name: 'web-app', version: '1.3.0', private: true });

  it('bumps the root package like changesets, from either changeset form', () => {
    const plan = planRelease({ changesets: [cs('A', '"web-app": minor'), cs('C', 'bump: patch')], packages: [root], currentVersion: '1.3.0' });
    expect(plan.kind).toBe('single');
    expect(plan.version).toBe('1.4.0');
    expect(plan.packages).toEqual([expect.objectContaining({ name: 'web-app', dir: '', type: 'minor', oldVersion: '1.3.0', newVersion: '1.4.0', changesets: ['A', 'C'] })]);
  });

  it('versions a package without a version by the repository version alone, leaving package.json be', () => {
    const bare = pkg('', { name: 'web-app', private: true });
    const plan = planRelease({ changesets: [cs('A', '"web-app": patch')], packages: [bare], currentVersion: '0.4.1' });
    expect(plan).toMatchObject({ version: '0.4.2', packages: [], kept: [] });
  });

  it('keeps a changeset of an ignored or unversioned private root package, and releases nothing', () => {
    const ignored = planRelease({ changesets: [cs('A', '"web-app": minor')], packages: [root], currentVersion: '1.3.0', changesetConfig: { ignore: ['web-app'] } });
    expect(ignored).toMatchObject({ version: '1.3.0', bump: 'none', packages: [], changesets: [], kept: [{ id: 'A', reason: 'ignored' }] });
    const unversioned = planRelease({
      changesets: [cs('A', '"web-app": minor')],
      packages: [root],
      currentVersion: '1.3.0',
      changesetConfig: { privatePackages: { version: false, tag: false } },
    });
    expect(unversioned).toMatchObject({ version: '1.3.0', packages: [], kept: [{ id: 'A', reason: 'private' }] });
  });

  it('refuses a changeset naming another package, saying which name to use', () => {
    expect(() => planRelease({ changesets: [cs('B', '"other": minor')], packages: [root], currentVersion: '1.3.0' })).toThrow(
      /\.changeset\/B\.md names package "other".*rename it to "web-app"/,
    );
  });
});

describe('planRelease — npm workspaces', () => {
  const packages = [
    pkg('', { name: 'mono', private: true, workspaces: ['packages/*'] }),
    pkg('packages/lib-a', { name: 'lib-a', version: '1.0.0' }),
    pkg('packages/lib-b', { name: 'lib-b', version: '1.0.0', dependencies: { 'lib-a': '1.0.0' } }),
    pkg('packages/app', { name: 'app', version: '1.0.0', private: true, dependencies: { 'lib-b': '^1.0.0' }, devDependencies: { 'lib-a': '^1.0.0' } }),
  ];
  const changesets = [cs('A', '"lib-a": minor'), cs('C', '"app": patch')];

  it('gives the package versions assemble-release-plan gives for exactly these changesets', () => {
    const plan = planRelease({ changesets, packages, currentVersion: '1.3.0' });
    const oracle = assembleReleasePlan(
      changesets.map((changeset) => ({ id: changeset.id, summary: changeset.summary, releases: changeset.releases })),
      {
        tool: 'npm',
        root: { dir: '/', packageJson: packages[0]?.packageJson },
        packages: packages.slice(1).map((entry) => ({ dir: `/${entry.dir}`, packageJson: entry.packageJson })),
      } as never,
      defaultConfig,
      undefined,
    );
    const summary = (releases: Array<{ name: string; type: string; newVersion?: string | null }>) =>
      releases.map(({ name, type, newVersion }) => ({ name, type, newVersion })).sort((a, b) => a.name.localeCompare(b.name));
    expect(summary(plan.packages)).toEqual(summary(oracle.releases));
    expect(plan.packages.find((release) => release.name === 'lib-b')).toMatchObject({
      type: 'patch',
      newVersion: '1.0.1',
      changesets: [],
      dependencyUpdates: [{ field: 'dependencies', name: 'lib-a', from: '1.0.0', to: '1.1.0' }],
      updatedDependencies: [{ name: 'lib-a', newVersion: '1.1.0', changesets: ['A'] }],
    });
    expect(plan.packages.find((release) => release.name === 'app')?.dependencyUpdates).toEqual([
      { field: 'dependencies', name: 'lib-b', from: '^1.0.0', to: '^1.0.1' },
      { field: 'devDependencies', name: 'lib-a', from: '^1.0.0', to: '^1.1.0' },
    ]);
    // The repository version moves by the highest requested bump.
    expect(plan).toMatchObject({ kind: 'workspaces', version: '1.4.0', bump: 'minor' });
  });

  it('bumps only the repository version for a relctl-form changeset', () => {
    const plan = planRelease({ changesets: [cs('X', 'bump: major')], packages, currentVersion: '1.3.0' });
    expect(plan.version).toBe('2.0.0');
    expect(plan.packages).toEqual([]);
  });

  it('follows .changeset/config.json (fixed groups) and reports a bad one as a ConfigError', () => {
    const plan = planRelease({
      changesets: [cs('A', '"lib-a": minor')],
      packages,
      currentVersion: '1.3.0',
      changesetConfig: { fixed: [['lib-a', 'lib-b']] },
    });
    expect(plan.packages.find((release) => release.name === 'lib-b')?.newVersion).toBe('1.1.0');
    expect(() => planRelease({ changesets: [], packages, currentVersion: '1.3.0', changesetConfig: { fixed: [['nope']] } })).toThrow(ConfigError);
  });

  it('refuses unknown packages and the monorepo root, as changesets does', () => {
    expect(() => planRelease({ changesets: [cs('B', '"ghost": minor')], packages, currentVersion: '1.0.0' })).toThrow(
      /"ghost", which is not a workspace package; use one of "lib-a", "lib-b", "app"/,
    );
    expect(() => planRelease({ changesets: [cs('B', '"mono": minor')], packages, currentVersion: '1.0.0' })).toThrow(
      /names "mono", the monorepo's root package.json, which is not a workspace package/,
    );
  });

  it('ships a changeset naming only a package without a version as a repository bump, and rewrites its ranges', () => {
    const web = pkg('apps/web', { name: 'web', private: true, dependencies: { 'lib-a': '^1.0.0' } });
    const withApp = [...packages, web];
    const plan = planRelease({ changesets: [cs('A', '"lib-a": major'), cs('W', '"web": minor')], packages: withApp, currentVersion: '1.0.0' });
    expect(plan.version).toBe('2.0.0');
    expect(plan.changesets.map((changeset) => changeset.id)).toEqual(['A', 'W']);
    expect(plan.kept).toEqual([]);
    expect(plan.packages.find((release) => release.name === 'web')).toMatchObject({
      type: 'none',
      oldVersion: null,
      newVersion: null,
      dependencyUpdates: [{ field: 'dependencies', name: 'lib-a', from: '^1.0.0', to: '^2.0.0' }],
    });
    const onlyWeb = planRelease({ changesets: [cs('W', '"web": minor')], packages: withApp, currentVersion: '1.0.0' });
    expect(onlyWeb).toMatchObject({ version: '1.1.0', packages: [] });
    // One changeset cannot name it together with a versioned package (changesets: "mixed changeset").
    expect(() => planRelease({ changesets: [cs('M', '"web": minor\n"lib-a": patch')], packages: withApp, currentVersion: '1.0.0' })).toThrow(
      /names "web", which changesets does not version here, together with "lib-a"; split it/,
    );
  });

  it('keeps the changesets of ignored and unversioned private packages for a later release', () => {
    const changes = [cs('A', '"lib-a": patch'), cs('B', '"lib-b": minor')];
    const ignoring = planRelease({ changesets: changes, packages, currentVersion: '1.0.0', changesetConfig: { ignore: ['lib-b'] } });
    expect(ignoring).toMatchObject({ version: '1.0.1', bump: 'patch', kept: [{ id: 'B', packages: ['lib-b'], reason: 'ignored' }] });
    expect(ignoring.changesets.map((changeset) => changeset.id)).toEqual(['A']);
    const privateApp = planRelease({
      changesets: [cs('A', '"lib-a": patch'), cs('P', '"app": minor')],
      packages,
      currentVersion: '1.0.0',
      changesetConfig: { privatePackages: { version: false, tag: false } },
    });
    expect(privateApp).toMatchObject({ version: '1.0.1', kept: [{ id: 'P', reason: 'private' }] });
  });

  it('refuses pre-release mode (.changeset/pre.json) until relctl supports it', () => {
    expect(() => planRelease({ changesets, packages, currentVersion: '1.0.0', preState: { mode: 'pre', tag: 'next', initialVersions: {}, changesets: [] } })).toThrow(
      /\.changeset\/pre\.json puts this repository in changesets' pre-release mode \(mode "pre", tag "next"\), which relctl does not release yet/,
    );
  });
});
