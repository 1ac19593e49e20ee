import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError, UsageError, type GitIdentity, type GitPort, type TreeEdit } from '@relctl/core';
import { GIT_TEST_ENV, createTempRepo, git, gitResult, makeTempDir, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { createIsomorphicGitPort } from './create-isomorphic-git-port.js';

const encode = (text: string) => new TextEncoder().encode(text);
const TAGGER: GitIdentity = { name: 'Rel Ctl', email: 'relctl@example.com', timestamp: 1_767_225_600, timezoneOffset: -330 };

let repo: TempRepo;
let port: GitPort;
let base: string;

beforeAll(async () => {
  repo = createTempRepo();
  repo.write({
    'a.txt': 'a\n',
    'a-b.txt': 'dash\n',
    'a.b': 'dot\n',
    'a0.txt': 'zero\n',
    'a/inner.txt': 'inner\n',
    'deep/x/y/z.txt': 'z\n',
    'deep/keep/k.txt': 'k\n',
    'ünï/côdé.txt': 'unicode\n',
    'run.sh': '#!/bin/sh\n',
  });
  repo.git(['update-index', '--add', '--chmod=+x', 'run.sh']);
  repo.git(['add', '-A']);
  repo.git(['update-index', '--chmod=+x', 'run.sh']);
  const linkBlob = repo.git(['hash-object', '-w', '--stdin'], 'a.txt');
  repo.git(['update-index', '--add', '--cacheinfo', `120000,${linkBlob},link`]);
  repo.git(['commit', '-q', '-m', 'base']);
  base = repo.git(['rev-parse', 'HEAD']);
  port = createIsomorphicGitPort({ repo: await openRepository({ cwd: repo.dir }) });
});
afterAll(() => repo?.remove());

/** git's own result for the same edits, through a temp index. */
function oracleEdit(tree: string | null, edits: TreeEdit[]): string {
  const env = { GIT_INDEX_FILE: join(makeTempDir('index'), 'index') };
  git(repo.dir, ['read-tree', tree ?? '--empty'], { env });
  for (const edit of edits) {
    if (edit.content === null) {
      git(repo.dir, ['update-index', '--force-remove', edit.path], { env });
      continue;
    }
    const blob = git(repo.dir, ['hash-object', '-w', '--stdin'], { input: edit.content });
    const current = git(repo.dir, ['ls-files', '-s', '--', edit.path], { env }).split(' ')[0];
    const mode = edit.mode ?? (current === '100755' || current === '120000' ? current : '100644');
    git(repo.dir, ['update-index', '--add', '--replace', '--cacheinfo', `${mode},${blob},${edit.path}`], { env });
  }
  return git(repo.dir, ['write-tree'], { env });
}

function fsckStrict(): number {
  return gitResult(repo.dir, ['fsck', '--strict', '--no-progress', '--no-dangling'], { allowFailure: true }).status;
}

describe('createIsomorphicGitPort', () => {
  it('editTree sorts names as git does and matches git for modes, replacements and no-op removals', async () => {
    const edits: TreeEdit[] = [
      { path: 'a/new.txt', content: encode('new\n') }, // "a/" sorts after "a-b.txt" and "a.b", before "a0.txt"
      { path: 'a.b', content: encode('dot 2\n') },
      { path: 'run.sh', content: encode('#!/bin/sh\necho 2\n') }, // keeps 100755
      { path: 'link', content: encode('a0.txt') }, // keeps 120000
      { path: 'a0.txt', content: encode('plain\n'), mode: '100755' },
      { path: 'deep/x', content: null }, // a folder path: nothing is removed, as with update-index
      { path: 'deep/x/y/z.txt', content: null }, // empties deep/x/y and deep/x: both pruned
      { path: 'ünï/côdé.txt/under', content: encode('file became folder\n') },
      { path: 'nope/none.txt', content: null },
    ];
    const tree = await port.editTree(base, edits);
    expect(tree).toBe(oracleEdit(base, edits));
    expect(fsckStrict()).toBe(0);
    // Sub-trees off the edited paths are reused, not rewritten.
    expect(repo.git(['rev-parse', `${tree}:deep/keep`])).toBe(repo.git(['rev-parse', `${base}:deep/keep`]));
    expect(repo.git(['ls-tree', '--name-only', `${tree}:deep`])).toBe('keep');
    expect(repo.git(['ls-tree', tree, 'link']).split(' ')[0]).toBe('120000');
  });

  it('editTree refuses paths git could not check out', async () => {
    for (const path of ['../x', 'a//b', '/abs', 'a/./b', '.git/config', 'sub/.GIT/hooks', 'trailing/']) {
      await expect(port.editTree(base, [{ path, content: encode('x') }]), path).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('readTree and readFile walk the whole tree exactly as git ls-tree -r and cat-file see it', async () => {
    const tree = await port.editTree(base, [{ path: 'bin/data.bin', content: new Uint8Array([0, 255, 13, 10, 0]) }]);
    const listed: string[] = [];
    const walk = async (treeish: string, prefix: string): Promise<void> => {
      for (const entry of await port.readTree(treeish)) {
        listed.push(`${entry.mode} ${entry.type} ${entry.oid}\t${prefix}${entry.path}`);
        if (entry.type === 'tree') await walk(entry.oid, `${prefix}${entry.path}/`);
        else {
          const bytes = await port.readFile(tree, `${prefix}${entry.path}`);
          const expected = execFileSync('git', ['cat-file', 'blob', entry.oid], { cwd: repo.dir, env: { ...process.env, ...GIT_TEST_ENV } });
          expect(Buffer.from(bytes!).equals(expected), entry.path).toBe(true);
        }
      }
    };
    await walk(tree, '');
    expect(listed.join('\n')).toBe(repo.git(['-c', 'core.quotePath=false', 'ls-tree', '-r', '-t', tree]));
    expect(Array.from((await port.readFile(tree, 'bin/data.bin'))!)).toEqual([0, 255, 13, 10, 0]);
    expect(await port.readFile(tree, 'deep/x')).toBeNull();
    expect(await port.readFile(tree, '')).toBeNull();
  });

  it('writeTag writes annotated tags of commits, trees and tags that git fsck --strict accepts', async () => {
    const onCommit = await port.writeTag({ name: 'v1.4.0', target: base, message: 'Release 1.4.0\n\n- notes\n', tagger: TAGGER });
    const tree = repo.git(['rev-parse', `${base}^{tree}`]);
    const onTree = await port.writeTag({ name: 'snapshot', target: tree, message: 'a tree\n', tagger: TAGGER });
    const onTag = await port.writeTag({ name: 'v1.4.0-signed-off', target: onCommit, message: 'nested\n', tagger: { ...TAGGER, timezoneOffset: 0 } });
    expect(repo.git(['cat-file', '-p', onCommit])).toBe(
      [`object ${base}`, 'type commit', 'tag v1.4.0', 'tagger Rel Ctl <relctl@example.com> 1767225600 +0530', '', 'Release 1.4.0', '', '- notes'].join('\n'),
    );
    expect(repo.git(['cat-file', '-p', onTree]).split('\n').slice(0, 2)).toEqual([`object ${tree}`, 'type tree']);
    expect(repo.git(['cat-file', '-p', onTag]).split('\n').slice(1, 4)).toEqual(['type tag', 'tag v1.4.0-signed-off', 'tagger Rel Ctl <relctl@example.com> 1767225600 +0000']);
    repo.git(['update-ref', 'refs/tags/v1.4.0', onCommit]);
    repo.git(['update-ref', 'refs/tags/snapshot', onTree]);
    repo.git(['update-ref', 'refs/tags/nested', onTag]);
    expect(fsckStrict()).toBe(0);
    // Refs lead to commits: a tag of a tag peels to the commit, a tag of a tree leads to none.
    expect(await port.readRef('refs/tags/nested')).toBe(base);
    expect(await port.readRef('refs/tags/snapshot')).toBeNull();
    expect((await port.listRefs('refs/tags/')).map((r) => r.ref)).toEqual(['refs/tags/nested', 'refs/tags/v1.4.0']);
    await expect(port.writeTag({ name: 'bad name', target: base, message: 'x', tagger: TAGGER })).rejects.toBeInstanceOf(UsageError);
    await expect(port.writeTag({ name: 'ok', target: base, message: 'x', tagger: { ...TAGGER, name: 'Evil <x>' } })).rejects.toBeInstanceOf(UsageError);
  });

  it('readCommit keeps the message verbatim and skips extra headers; readRef follows HEAD', async () => {
    const tree = repo.git(['rev-parse', `${base}^{tree}`]);
    const raw = [
      `tree ${tree}`,
      `parent ${base}`,
      'author A U Thor <a@example.com> 1767225600 -0000',
      'committer C O Mitter <c@example.com> 1767225601 +1245',
      'encoding ISO-8859-1',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' abc',
      ' -----END PGP SIGNATURE-----',
      '',
      '\nsubject with leading blank line\r\n\r\nbody\n\n',
    ].join('\n');
    const sha = repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], raw);
    const commit = await port.readCommit(sha);
    expect(commit.message).toBe('\nsubject with leading blank line\r\n\r\nbody\n\n');
    expect(commit.parents).toEqual([base]);
    expect(commit.committer).toEqual({ name: 'C O Mitter', email: 'c@example.com', timestamp: 1767225601, timezoneOffset: -765 });
    expect(Object.is(commit.author.timezoneOffset, -0)).toBe(true);
    const { sha: _sha, ...data } = commit;
    const rewritten = await port.writeCommit(data);
    expect(repo.git(['cat-file', 'commit', rewritten]).split('\n').slice(2, 4)).toEqual([
      'author A U Thor <a@example.com> 1767225600 -0000',
      'committer C O Mitter <c@example.com> 1767225601 +1245',
    ]);
    expect(await port.readRef('HEAD')).toBe(base);
    expect(await port.readRef('refs/heads/mai')).toBeNull();
    expect((await port.listRefs('refs/heads/mai')).map((r) => r.ref)).toEqual(['refs/heads/main']);
    await expect(port.readCommit(tree)).rejects.toThrow(/is a tree, not a commit/);
    await expect(port.listRefs('heads/')).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a SHA-256 repository', async () => {
    const sha256 = createTempRepo({ objectFormat: 'sha256' });
    try {
      const opened = await openRepository({ cwd: sha256.dir });
      expect(opened.objectFormat).toBe('sha256');
      expect(() => createIsomorphicGitPort({ repo: opened })).toThrow(StateError);
      expect(() => createIsomorphicGitPort({ repo: opened })).toThrow(/SHA-256 repository.*system git port/);
    } finally {
      sha256.remove();
    }
  });
});
