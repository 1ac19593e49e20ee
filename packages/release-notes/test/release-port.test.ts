import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { StateError, type ReleaseOutput } from '@relctl/core';
import { GIT_TEST_ENV } from '@relctl/testing';
import { createReleasePort, formatRequestChangeset, prepareRelease, previewRelease, type PreparedRelease } from '../src/index.js';
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

function release(git: SystemGitPort, commit: string, requestIds: string[]): Promise<PreparedRelease> {
  return prepareRelease({ git, commit, requestIds, tagPrefix: 'v', date: DATE });
}

const show = showFile;

/** The checks every repository kind must pass for the A–D story (A and C released). */
function expectOnlyAandC(story: Story, out: ReleaseOutput, expected: { version: string; changed: string[] }) {
  const { repo, tip, heads } = story;
  expect(out.version).toBe(expected.version);
  expect(out.tagName).toBe(`v${expected.version}`);
  // Only the promoted requests' changesets are consumed (deleted); nothing else changes.
  expect(changedPaths(repo, tip, out.tree)).toEqual(expected.changed.sort());
  // B's and D's changesets stay byte for byte: in the release tree, on main and on their branches.
  const [b1, b2, b3, d1, d2, d3] = repo
    .git([
      'rev-parse',
      ...[`${out.tree}:`, `${tip}:`, `${heads.B}:`].map((at) => `${at}.changeset/B.md`),
      ...[`${out.tree}:`, `${tip}:`, `${heads.D}:`].map((at) => `${at}.changeset/D.md`),
    ])
    .split('\n');
  expect([b1, b2]).toEqual([b3, b3]);
  expect([d1, d2]).toEqual([d3, d3]);
  // The changelog entry lists exactly them, each with its request head.
  const changelog = show(repo, out.tree, 'CHANGELOG.md');
  expect(firstEntryIds(changelog).sort()).toEqual(['A', 'C']);
  expect(changelog).toContain(`- A (${heads.A?.slice(0, 7)}): `);
  expect(changelog).toContain(`- C (${heads.C?.slice(0, 7)}): `);
  expect(out.message.split('\n')[0]).toBe(`Release ${expected.version}`);
  expect(out.tagMessage.split('\n')[0]).toBe(`Release ${expected.version} (${DATE})`);
  // git commits the tree and reads the trailers back.
  const commit = repo.git(['commit-tree', out.tree, '-p', tip, '-m', out.message]);
  const format = '%(trailers:key=Relctl-Release,valueonly)%(trailers:key=Relctl-Requests,valueonly)';
  expect(repo.git(['log', '-1', `--format=${format}`, commit])).toBe(`${expected.version}\nA,C`);
}

describe('prepareRelease / createReleasePort — single-package web app (private package.json)', () => {
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
    // A preview before the merges (changesets read from the request heads) predicts the same release.
    const preview = await previewRelease({
      git: port,
      commit: story.base,
      requests: ['A', 'C'].map((id) => ({ id, head: story.heads[id] as string })),
      tagPrefix: 'v',
    });
    expect(preview).toMatchObject({ previousVersion: '1.3.0', version: '1.4.0', tagName: 'v1.4.0', changelogEntry: out.changelogEntry });
    // The port gives the runner exactly the ReleaseOutput fields (they go into its run state).
    const releasePort = createReleasePort({ git: port });
    const output = await releasePort.prepare({ commit: story.tip, requestIds: ['A', 'C'], tagPrefix: 'v', date: DATE });
    const { tree, message, version, tagName, tagMessage } = out;
    expect(output).toEqual({ tree, message, version, tagName, tagMessage });
    // Objects only: no ref moved, the checkout is untouched.
    expect(snapshot(story.repo)).toBe(before);
  });

  it('refuses when the tag of the new version exists, changing nothing', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, tags: ['v1.4.0'] }));
    const before = snapshot(story.repo);
    await expect(release(port, story.tip, ['A', 'C'])).rejects.toThrow(/tag v1.4.0 already exists: the current version 1.3.0 \(from package.json\) is behind the tags/);
    expect(snapshot(story.repo)).toBe(before);
  });

  it('ships a request without a changeset under Other Changes, and refuses a malformed one', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, promote: ['A', 'X'], withoutChangeset: ['X'] }));
    const out = await release(port, story.tip, ['A', 'X']);
    expect(out.version).toBe('1.4.0');
    expect(out.changelogEntry).toContain(`### Other Changes\n\n- X (${story.heads.X?.slice(0, 7)})`);
    const bad = track(buildStory({ files, changesets: { ...changesets, C: '---\n"web-app": huge\n---\n' } }));
    const error = await release(bad.git, bad.story.tip, ['A', 'C']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toMatch(/^\.changeset\/C\.md line 2: "huge" is not a bump/);
  });
});

describe('prepareRelease / createReleasePort — npm-workspace monorepo', () => {
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

    // The oracle: the real `changeset version`, run in the story's worktree (main) with only A's
    // and C's changesets left in .changeset (B's and D's deleted from the worktree).
    rmSync(join(story.repo.dir, '.changeset/B.md'));
    rmSync(join(story.repo.dir, '.changeset/D.md'));
    const cli = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');
    execFileSync(process.execPath, [cli, 'version'], { cwd: story.repo.dir, env: { ...process.env, ...GIT_TEST_ENV }, stdio: 'pipe' });
    const headings = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));
    for (const dir of ['packages/lib-a', 'packages/lib-b', 'apps/web']) {
      const theirs = readFileSync(join(story.repo.dir, dir, 'package.json'), 'utf8');
      expect(show(story.repo, out.tree, `${dir}/package.json`)).toBe(theirs);
      const theirChangelog = readFileSync(join(story.repo.dir, dir, 'CHANGELOG.md'), 'utf8');
      expect(headings(show(story.repo, out.tree, `${dir}/CHANGELOG.md`))).toEqual(headings(theirChangelog));
    }
    expect(JSON.parse(show(story.repo, out.tree, 'packages/lib-b/package.json'))).toMatchObject({
      version: '1.0.1',
      dependencies: { 'lib-a': '1.1.0' },
    });

    // Package changelogs list their own requests; the root one lists all and the versions.
    expect(firstEntryIds(show(story.repo, out.tree, 'packages/lib-a/CHANGELOG.md'))).toEqual(['A']);
    // lib-b was bumped by no changeset of its own, so (as changelog-git writes it) web's entry
    // lists it under C's line without an "Updated dependencies" line — byte for byte what
    // `changeset version` wrote, but for the request id.
    expect(firstEntryIds(show(story.repo, out.tree, 'apps/web/CHANGELOG.md'))).toEqual(['C']);
    expect(
      show(story.repo, out.tree, 'apps/web/CHANGELOG.md')
        .replace(/^- C \(/m, '- (')
        .replace(/^- \(([0-9a-f]{7})\)/m, '- $1'),
    ).toBe(readFileSync(join(story.repo.dir, 'apps/web/CHANGELOG.md'), 'utf8'));
    expect(show(story.repo, out.tree, 'packages/lib-b/CHANGELOG.md')).toContain(
      `## 1.0.1\n\n### Patch Changes\n\n- Updated dependencies [${story.heads.A?.slice(0, 7)}]\n  - lib-a@1.1.0\n\n## 1.0.0`,
    );
    expect(out.changelogEntry).toContain('### Packages\n\n- lib-a@1.1.0\n- lib-b@1.0.1\n- web@2.0.1');
    expect(out.tagMessage).toContain('Packages:\n- lib-a@1.1.0\n- lib-b@1.0.1\n- web@2.0.1');
  });
});

describe('prepareRelease — package tags (release.packageTags)', () => {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files = {
    'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*', 'apps/*'] }),
    'packages/lib-a/package.json': json({ name: 'lib-a', version: '1.0.0' }),
    'packages/lib-b/package.json': json({ name: 'lib-b', version: '1.0.0', dependencies: { 'lib-a': '1.0.0' } }),
    'apps/web/package.json': json({ name: 'web', version: '2.0.0', private: true, dependencies: { 'lib-a': '1.0.0' } }),
  };
  const changesets = {
    A: formatRequestChangeset({ summary: 'lib-a: add parseCsv', releases: [{ name: 'lib-a', type: 'minor' }] }),
    B: formatRequestChangeset({ summary: 'lib-b: new API', releases: [{ name: 'lib-b', type: 'major' }] }),
    C: formatRequestChangeset({ summary: 'web: fix login', releases: [{ name: 'web', type: 'patch' }] }),
    D: formatRequestChangeset({ summary: 'lib-a: drop Node 18', releases: [{ name: 'lib-a', type: 'major' }] }),
  };

  it('tags each released public package <name>@<version> (as changeset tag), and refuses when one exists', async () => {
    const { story, git: port } = track(buildStory({ files, changesets, tags: ['v1.3.0'] }));
    const out = await prepareRelease({ git: port, commit: story.tip, requestIds: ['A', 'C'], tagPrefix: 'v', date: DATE, settings: { packageTags: true } });
    expect(out.packageTags.map((tag) => tag.name)).toEqual(['lib-a@1.1.0', 'lib-b@1.0.1']);
    expect(out.packageTags[0]?.message).toBe('Release lib-a@1.1.0 (2026-01-15)\n\nMinor changes:\n- A: lib-a: add parseCsv\n');
    const port2 = createReleasePort({ git: port, settings: { packageTags: true } });
    expect((await port2.prepare({ commit: story.tip, requestIds: ['A', 'C'], tagPrefix: 'v', date: DATE })).packageTags).toEqual(out.packageTags);
    expect((await release(port, story.tip, ['A', 'C'])).packageTags).toEqual([]);
    story.repo.git(['tag', 'lib-b@1.0.1', story.base]);
    await expect(
      release(port, story.tip, ['A', 'C']).then(() =>
        prepareRelease({ git: port, commit: story.tip, requestIds: ['A', 'C'], tagPrefix: 'v', date: DATE, settings: { packageTags: true } }),
      ),
    ).rejects.toThrow(/tag lib-b@1.0.1 already exists, so this release cannot tag its packages/);
  });
});

describe('prepareRelease / createReleasePort — repository without package.json', () => {
  const changesets = {
    A: formatRequestChangeset({ summary: 'Add CSV export', bump: 'minor' }),
    B: formatRequestChangeset({ summary: 'Rewrite billing', bump: 'major' }),
    C: formatRequestChangeset({ summary: 'Fix invoice rounding', bump: 'patch' }),
    // Malformed on purpose: a release of A and C must not even read it.
    D: '---\nbump: huge\n---\n\nNew pricing page\n',
  };
  const source = { 'src/Main.java': 'class Main {}\n' };

  it('bumps the VERSION file', async () => {
    const { story, git: port } = track(buildStory({ files: { ...source, VERSION: '1.3.0\n' }, changesets, tags: ['v1.2.0'], pendingOnMain: ['B', 'D'] }));
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
