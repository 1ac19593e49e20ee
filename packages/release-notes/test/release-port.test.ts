import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { StateError, type ReleaseOutput } from '@relctl/core';
import { GIT_TEST_ENV, git, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { createReleasePort, formatRequestChangeset, type PreparedRelease } from '../src/index.js';
import { buildStory, changedPaths, firstEntryIds, showFile, snapshot, type Story } from './story.js';

const DATE = '2026-01-15';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function track(story: Story): { story: Story; git: SystemGitPort } {
  const port = createSystemGitPort({ cwd: story.repo.dir });
  cleanups.push(() => {
    port.close();
    story.repo.remove();
  });
  return { story, git: port };
}

async function release(git: SystemGitPort, commit: string, requestIds: string[]): Promise<PreparedRelease> {
  return (await createReleasePort({ git }).prepare({ commit, requestIds, tagPrefix: 'v', date: DATE })) as PreparedRelease;
}

const show = showFile;
const blob = (repo: TempRepo, treeish: string, path: string) => repo.git(['rev-parse', `${treeish}:${path}`]);

/** The trailers of a message, as `git interpret-trailers --parse` reads them. */
const trailers = (message: string) => git(makeTempDirOnce(), ['interpret-trailers', '--parse'], { input: message });
let scratch: string | undefined;
function makeTempDirOnce(): string {
  scratch ??= makeTempDir('trailers');
  return scratch;
}

/** The checks every repository kind must pass for the A–D story (A and C released). */
function expectOnlyAandC(story: Story, out: ReleaseOutput, expected: { version: string; changed: string[] }) {
  const { repo, tip, heads } = story;
  expect(out.version).toBe(expected.version);
  expect(out.tagName).toBe(`v${expected.version}`);
  expect(changedPaths(repo, tip, out.tree)).toEqual(expected.changed.sort());
  // Only the promoted requests' changesets are consumed; B's and D's stay byte for byte.
  expect(repo.git(['ls-tree', '--name-only', `${out.tree}:.changeset`]).split('\n')).not.toEqual(
    expect.arrayContaining(['A.md', 'C.md']),
  );
  for (const id of ['B', 'D']) {
    expect(blob(repo, out.tree, `.changeset/${id}.md`)).toBe(blob(repo, tip, `.changeset/${id}.md`));
    expect(blob(repo, heads[id] as string, `.changeset/${id}.md`)).toBe(blob(repo, tip, `.changeset/${id}.md`));
  }
  // The changelog entry lists exactly them, each with its request head.
  const changelog = show(repo, out.tree, 'CHANGELOG.md');
  expect(firstEntryIds(changelog).sort()).toEqual(['A', 'C']);
  expect(changelog).toContain(`- A (${heads.A?.slice(0, 7)}): `);
  expect(changelog).toContain(`- C (${heads.C?.slice(0, 7)}): `);
  expect(trailers(out.message)).toBe(`Relctl-Release: ${expected.version}\nRelctl-Requests: A,C`);
  expect(out.message.split('\n')[0]).toBe(`Release ${expected.version}`);
  expect(out.tagMessage.split('\n')[0]).toBe(`Release ${expected.version} (${DATE})`);
  // The tree is a valid tree git can commit.
  const commit = repo.git(['commit-tree', out.tree, '-p', tip, '-m', out.message]);
  expect(repo.git(['log', '-1', '--format=%(trailers:key=Relctl-Requests,valueonly)', commit])).toBe('A,C');
}

describe('createReleasePort — single-package web app (private package.json)', () => {
  const changesets = {
    A: formatRequestChangeset({ summary: 'Add CSV export', bump: 'minor', packageName: 'web-app' }),
    B: formatRequestChangeset({ summary: 'Dark mode', bump: 'major', packageName: 'web-app' }),
    C: formatRequestChangeset({ summary: 'Fix login redirect\n\nNo more loops.', bump: 'patch', packageName: 'web-app' }),
    D: '---\n"web-app": minor\n---\n\nNew pricing page\n',
  };
  const files = {
    'package.json': `${JSON.stringify({ name: 'web-app', version: '1.3.0', private: true, scripts: { start: 'node .' } }, null, 4)}\n`,
    'CHANGELOG.md': '# web-app\n\n## 1.3.0\n\n### Minor Changes\n\n- Earlier work\n',
  };

  it('bumps to the highest of A and C, writes the changelog, consumes only their changesets', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, pendingOnMain: ['B', 'D'] }));
    const before = snapshot(story.repo);
    const out = await release(port, story.tip, ['A', 'C']);
    expectOnlyAandC(story, out, {
      version: '1.4.0',
      changed: ['M CHANGELOG.md', 'M package.json', 'D .changeset/A.md', 'D .changeset/C.md'],
    });
    const pkg = show(story.repo, out.tree, 'package.json');
    expect(pkg).toBe(files['package.json'].replace('"version": "1.3.0"', '"version": "1.4.0"'));
    expect(show(story.repo, out.tree, 'CHANGELOG.md')).toBe(
      [
        '# web-app',
        '',
        '## 1.4.0',
        '',
        '### Minor Changes',
        '',
        `- A (${story.heads.A?.slice(0, 7)}): Add CSV export`,
        '',
        '### Patch Changes',
        '',
        `- C (${story.heads.C?.slice(0, 7)}): Fix login redirect`,
        '',
        '  No more loops.',
        '',
        '## 1.3.0',
        '',
        '### Minor Changes',
        '',
        '- Earlier work',
        '',
      ].join('\n'),
    );
    expect(out).toMatchObject({ previousVersion: '1.3.0', versionSource: 'package.json' });
    // Objects only: no ref moved, the checkout is untouched.
    expect(snapshot(story.repo)).toBe(before);
  });

  it('refuses when the tag of the new version exists, changing nothing', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, tags: ['v1.4.0'] }));
    const before = snapshot(story.repo);
    await expect(release(port, story.tip, ['A', 'C'])).rejects.toThrow(
      /tag v1.4.0 already exists: the current version 1.3.0 \(from package.json\) is behind the tags/,
    );
    expect(snapshot(story.repo)).toBe(before);
  });

  it('ships a request without a changeset under Other Changes, and refuses a malformed one', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, promote: ['A', 'X'], withoutChangeset: ['X'] }));
    const out = await release(port, story.tip, ['A', 'X']);
    expect(out.version).toBe('1.4.0');
    expect(out.changelogEntry).toContain(`### Other Changes\n\n- X (${story.heads.X?.slice(0, 7)})`);
    const bad = track(buildStory({ files, changesets: { ...changesets, C: '---\n"web-app": huge\n---\n' } }));
    await expect(release(bad.git, bad.story.tip, ['A', 'C'])).rejects.toThrow(StateError);
    await expect(release(bad.git, bad.story.tip, ['A', 'C'])).rejects.toThrow(/\.changeset\/C\.md line 2: "huge" is not a bump/);
  });
});

describe('createReleasePort — npm-workspace monorepo', () => {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files = {
    'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*', 'apps/*'] }),
    '.changeset/config.json': json({
      $schema: 'https://unpkg.com/@changesets/config@3.1.1/schema.json',
      changelog: '@changesets/cli/changelog',
      commit: false,
      fixed: [],
      linked: [],
      access: 'restricted',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
      ignore: [],
    }),
    'packages/lib-a/package.json': json({ name: 'lib-a', version: '1.0.0' }),
    'packages/lib-b/package.json': json({ name: 'lib-b', version: '1.0.0', dependencies: { 'lib-a': '1.0.0' } }),
    'packages/lib-b/CHANGELOG.md': '# lib-b\n\n## 1.0.0\n\n### Major Changes\n\n- First\n',
    'apps/web/package.json': json({
      name: 'web',
      version: '2.0.0',
      private: true,
      dependencies: { 'lib-b': '^1.0.0' },
      devDependencies: { 'lib-a': '^1.0.0' },
    }),
    'apps/web/.cache/package.json': json({ name: 'not-a-workspace', version: '0.0.0' }),
  };
  const changesets = {
    A: formatRequestChangeset({ summary: 'lib-a: add parseCsv', releases: [{ name: 'lib-a', type: 'minor' }] }),
    B: formatRequestChangeset({ summary: 'lib-b: new API', releases: [{ name: 'lib-b', type: 'major' }] }),
    C: formatRequestChangeset({ summary: 'web: fix login redirect', releases: [{ name: 'web', type: 'patch' }] }),
    D: formatRequestChangeset({ summary: 'lib-a: drop Node 18', releases: [{ name: 'lib-a', type: 'major' }] }),
  };

  it('bumps dependents as `changeset version` does for exactly A and C', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, tags: ['v1.3.0'], pendingOnMain: ['B', 'D'] }));
    const out = await release(port, story.tip, ['A', 'C']);
    expectOnlyAandC(story, out, {
      version: '1.4.0',
      changed: [
        'A CHANGELOG.md',
        'A packages/lib-a/CHANGELOG.md',
        'A apps/web/CHANGELOG.md',
        'M packages/lib-b/CHANGELOG.md',
        'M packages/lib-a/package.json',
        'M packages/lib-b/package.json',
        'M apps/web/package.json',
        'D .changeset/A.md',
        'D .changeset/C.md',
      ],
    });
    expect(out).toMatchObject({ previousVersion: '1.3.0', versionSource: 'tag' });

    // The oracle: the real `changeset version` on a clone holding only A's and C's changesets.
    const clone = openTempRepo(makeTempDir('changesets-cli'));
    cleanups.push(() => clone.remove());
    git(clone.dir, ['clone', '-q', story.repo.dir, '.']);
    clone.git(['rm', '-q', '.changeset/B.md', '.changeset/D.md']);
    clone.git(['commit', '-q', '-m', 'only A and C']);
    const cli = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');
    execFileSync(process.execPath, [cli, 'version'], { cwd: clone.dir, env: { ...process.env, ...GIT_TEST_ENV }, stdio: 'pipe' });
    for (const dir of ['packages/lib-a', 'packages/lib-b', 'apps/web']) {
      const theirs = readFileSync(join(clone.dir, dir, 'package.json'), 'utf8');
      expect(show(story.repo, out.tree, `${dir}/package.json`)).toBe(theirs);
      const headings = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));
      const theirChangelog = readFileSync(join(clone.dir, dir, 'CHANGELOG.md'), 'utf8');
      expect(headings(show(story.repo, out.tree, `${dir}/CHANGELOG.md`))).toEqual(headings(theirChangelog));
    }
    expect(JSON.parse(show(story.repo, out.tree, 'packages/lib-b/package.json'))).toMatchObject({
      version: '1.0.1',
      dependencies: { 'lib-a': '1.1.0' },
    });

    // Package changelogs list their own requests; the root one lists all and the versions.
    expect(firstEntryIds(show(story.repo, out.tree, 'packages/lib-a/CHANGELOG.md'))).toEqual(['A']);
    expect(firstEntryIds(show(story.repo, out.tree, 'apps/web/CHANGELOG.md'))).toEqual(['C', 'Updated']);
    expect(show(story.repo, out.tree, 'packages/lib-b/CHANGELOG.md')).toContain(
      `## 1.0.1\n\n### Patch Changes\n\n- Updated dependencies [${story.heads.A?.slice(0, 7)}]\n  - lib-a@1.1.0\n\n## 1.0.0`,
    );
    expect(out.changelogEntry).toContain('### Packages\n\n- lib-a@1.1.0\n- lib-b@1.0.1\n- web@2.0.1');
    expect(out.tagMessage).toContain('Packages:\n- lib-a@1.1.0\n- lib-b@1.0.1\n- web@2.0.1');
  });
});

describe('createReleasePort — repository without package.json', () => {
  const changesets = {
    A: formatRequestChangeset({ summary: 'Add CSV export', bump: 'minor' }),
    B: formatRequestChangeset({ summary: 'Rewrite billing', bump: 'major' }),
    C: formatRequestChangeset({ summary: 'Fix invoice rounding', bump: 'patch' }),
    // Malformed on purpose: a release of A and C must not even read it.
    D: '---\nbump: huge\n---\n\nNew pricing page\n',
  };
  const source = { 'src/Main.java': 'class Main {}\n' };

  it('bumps the VERSION file', async () => {
    const { story, git: port } = track(
      buildStory({ files: { ...source, VERSION: '1.3.0\n' }, changesets, tags: ['v1.2.0'], pendingOnMain: ['B', 'D'] }),
    );
    const out = await release(port, story.tip, ['A', 'C']);
    expectOnlyAandC(story, out, {
      version: '1.4.0',
      changed: ['A CHANGELOG.md', 'M VERSION', 'D .changeset/A.md', 'D .changeset/C.md'],
    });
    expect(show(story.repo, out.tree, 'VERSION')).toBe('1.4.0\n');
    expect(out).toMatchObject({ versionSource: 'VERSION' });
    expect(show(story.repo, out.tree, 'CHANGELOG.md').split('\n')[0]).toBe('# Changelog');
  });

  it('takes the version from the highest tag when there is no VERSION file', async () => {
    const tags = ['v1.2.9', 'v1.3.0', 'v1.10.0-rc.1', 'other-9.0.0', 'v1.2.10'];
    const { story, git: port } = track(buildStory({ files: source, changesets, tags, pendingOnMain: ['B', 'D'] }));
    const out = await release(port, story.tip, ['A', 'C']);
    expectOnlyAandC(story, out, {
      version: '1.4.0',
      changed: ['A CHANGELOG.md', 'D .changeset/A.md', 'D .changeset/C.md'],
    });
    expect(out).toMatchObject({ previousVersion: '1.3.0', versionSource: 'tag' });
  });

  it('makes a first release from 0.0.0 without tags', async () => {
    const { story, git: port } = track(buildStory({ files: source, changesets, pendingOnMain: ['B', 'D'] }));
    const out = await release(port, story.tip, ['A', 'C']);
    expect(out).toMatchObject({ version: '0.1.0', tagName: 'v0.1.0', previousVersion: '0.0.0', versionSource: 'none' });
  });
});
