import changelogGit from '@changesets/changelog-git';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDependencyReleaseLine } from './render-dependency-release-line.js';
import { renderReleaseLine } from './render-release-line.js';

const trimLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();

describe('renderReleaseLine', () => {
  it('puts the id and the short SHA in front of the note', () => {
    const sha = 'a'.repeat(40);
    expect(renderReleaseLine({ id: 'A', sha, summary: 'Add CSV export' })).toBe('- A (aaaaaaa): Add CSV export');
    expect(renderReleaseLine({ id: 'A', summary: 'Add CSV export\n\nWith headers' })).toBe('- A: Add CSV export\n\n  With headers');
    expect(renderReleaseLine({ id: 'A', sha, summary: '' })).toBe('- A (aaaaaaa)');
  });

  it('without an id, writes what @changesets/changelog-git writes (but no dangling ": " for an empty note)', async () => {
    const first = fc.stringMatching(/^[!-~][ -~]{0,20}$/);
    const summary = fc.tuple(first, fc.array(fc.stringMatching(/^[ -~]{0,20}$/), { maxLength: 3 })).map(([line, rest]) => [line, ...rest].join('\n'));
    const sha = fc.option(fc.stringMatching(/^[0-9a-f]{40}$/), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(summary, sha, async (text, commit) => {
        const theirs = await changelogGit.getReleaseLine({ id: 'x', summary: text, releases: [], commit }, 'minor', null);
        expect(renderReleaseLine({ sha: commit, summary: text })).toBe(trimLines(theirs));
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderDependencyReleaseLine', () => {
  it('writes what @changesets/changelog-git writes for changesets with commits', async () => {
    const changesets = [
      { id: 'A', summary: 'a', releases: [], commit: '1'.repeat(40) },
      { id: 'C', summary: 'c', releases: [], commit: '2'.repeat(40) },
    ];
    const dependencies = [
      { name: 'lib-a', newVersion: '1.1.0' },
      { name: 'lib-b', newVersion: '1.0.1' },
    ];
    const theirs = await changelogGit.getDependencyReleaseLine(changesets, dependencies as never, null);
    expect(renderDependencyReleaseLine({ changesets: changesets.map((entry) => ({ sha: entry.commit })), dependencies })).toBe(theirs);
  });

  it('is empty without dependencies, and writes what changelog-git writes without SHAs or changesets', async () => {
    expect(renderDependencyReleaseLine({ changesets: [{ sha: 'abc' }], dependencies: [] })).toBe('');
    const dependencies = [{ name: 'x', newVersion: '2.0.0' }];
    for (const changesets of [[{}, {}], []]) {
      const theirs = await changelogGit.getDependencyReleaseLine(
        changesets.map((_, index) => ({ id: `c${index}`, summary: '', releases: [] })),
        dependencies as never,
        null,
      );
      expect(renderDependencyReleaseLine({ changesets, dependencies })).toBe(theirs);
    }
  });
});
