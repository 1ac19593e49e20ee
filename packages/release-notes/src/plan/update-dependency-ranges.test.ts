import { describe, expect, it } from 'vitest';
import { updateDependencyRanges, type VersionChange } from './update-dependency-ranges.js';

const rules = { updateInternalDependencies: 'patch' as const, onlyUpdatePeerDependentsWhenOutOfRange: false, bumpVersionsWithWorkspaceProtocolOnly: false };
const libA: VersionChange = { name: 'lib-a', dir: 'packages/lib-a', type: 'minor', oldVersion: '1.0.0', newVersion: '1.1.0' };

describe('updateDependencyRanges', () => {
  it('keeps the range operator and the workspace: prefix', () => {
    const ranges = (range: string) => updateDependencyRanges({ packageJson: { dependencies: { 'lib-a': range } }, releases: [libA], ...rules }).ranges.map((update) => update.to);
    expect(ranges('^1.0.0')).toEqual(['^1.1.0']);
    expect(ranges('~1.0.0')).toEqual(['~1.1.0']);
    expect(ranges('>=1.0.0')).toEqual(['>=1.1.0']);
    expect(ranges('1.0.0')).toEqual(['1.1.0']);
    expect(ranges('workspace:^1.0.0')).toEqual(['workspace:^1.1.0']);
    expect(ranges('workspace:*')).toEqual([]);
    expect(ranges('workspace:^')).toEqual([]);
    expect(ranges('file:../lib-a')).toEqual([]);
    expect(ranges('*')).toEqual([]);
    expect(ranges('github:acme/lib-a')).toEqual([]);
  });

  it('with updateInternalDependencies minor, leaves in-range ranges of patch bumps alone', () => {
    const patch: VersionChange = { ...libA, type: 'patch', newVersion: '1.0.1' };
    const run = (range: string) => updateDependencyRanges({ packageJson: { dependencies: { 'lib-a': range } }, releases: [patch], ...rules, updateInternalDependencies: 'minor' });
    expect(run('^1.0.0').ranges).toEqual([]);
    expect(run('1.0.0').ranges).toEqual([{ field: 'dependencies', name: 'lib-a', from: '1.0.0', to: '1.0.1' }]);
  });

  it('lists dependencies and peer dependencies for "Updated dependencies", not dev dependencies', () => {
    const result = updateDependencyRanges({
      packageJson: { devDependencies: { 'lib-a': '^1.0.0' } },
      releases: [libA],
      ...rules,
    });
    expect(result.ranges).toHaveLength(1);
    expect(result.updated).toEqual([]);
    expect(updateDependencyRanges({ packageJson: { peerDependencies: { 'lib-a': '^1.0.0' } }, releases: [libA], ...rules }).updated).toEqual(['lib-a']);
  });
});
