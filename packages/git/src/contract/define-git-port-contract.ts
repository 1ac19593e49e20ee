import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefRaceError, StateError, type GitIdentity, type GitPort, type TreeEdit } from '@relctl/core';
import { createTempRepo, git, gitResult, makeTempDir, type TempRepo } from '@relctl/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildContractFixture, type ContractFixture } from './build-contract-fixture.js';

/** A port under test; `close()` is called after each use when present. */
export type ContractPort = GitPort & { close?(): void };

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));

/**
 * The contract every {@link GitPort} implementation must pass: a vitest `describe` block that
 * exercises each method against real temp repositories built with the `git` binary, which is
 * also the oracle (`rev-parse`, `for-each-ref`, `cat-file`, `ls-tree`, `merge-base`,
 * `rev-list --first-parent`, `merge-tree --write-tree`, `commit-tree`, `hash-object`, and a temp
 * index for tree edits). `makePort(dir)` opens the port on a repository folder.
 *
 * Semantics fixed here for both backends: `readRef` peels to a commit (`null` when absent or not a
 * commit); `listRefs` takes a prefix ending in `/`, returns full names sorted by name with the
 * same commit `readRef` gives; `writeCommit` stores the message verbatim; `readFile` returns
 * `null` for an absent path or a directory; `editTree` prunes emptied directories and keeps an
 * existing file's mode unless `mode` is given; `updateRefs` is all-or-nothing and names the ref
 * that raced; a checked-out branch's clean worktree moves with it, a dirty one refuses.
 *
 * @example
 * ```ts
 * // system.contract.test.ts
 * defineGitPortContract('system git', async (dir) => createSystemGitPort({ cwd: dir }));
 * ```
 */
export function defineGitPortContract(name: string, makePort: (dir: string) => Promise<ContractPort>): void {
  describe(`GitPort contract: ${name}`, () => {
    const opened: ContractPort[] = [];
    const repos: TempRepo[] = [];
    const open = async (dir: string) => {
      const port = await makePort(dir);
      opened.push(port);
      return port;
    };
    const freshRepo = () => {
      const repo = createTempRepo();
      repos.push(repo);
      return repo;
    };
    afterEach(() => {
      for (const port of opened.splice(0)) port.close?.();
    });
    afterAll(() => {
      for (const repo of repos.splice(0)) repo.remove();
    });

    describe('on a shared history', () => {
      let repo: TempRepo;
      let fx: ContractFixture;
      let port: ContractPort;
      beforeAll(async () => {
        repo = freshRepo();
        fx = buildContractFixture(repo.dir);
        port = await makePort(repo.dir);
      });
      afterAll(() => port?.close?.());
      const oracle = (args: string[], input?: string) => git(repo.dir, args, input === undefined ? {} : { input });

      describe('refs', () => {
        it('readRef resolves loose, packed, symbolic and tag refs to commits, and null when absent', async () => {
          for (const ref of ['refs/heads/main', 'refs/heads/req/A', 'refs/heads/req/P', 'refs/remotes/origin/HEAD', 'refs/tags/v1.0.0', 'refs/tags/light']) {
            expect(await port.readRef(ref), ref).toBe(oracle(['rev-parse', '--verify', `${ref}^{commit}`]));
          }
          expect(await port.readRef('refs/heads/req/P')).toBe(fx.m2); // loose value wins over the packed one
          expect(await port.readRef('refs/tags/v1.0.0')).toBe(fx.m2);
          expect(await port.readRef('refs/heads/nope')).toBeNull();
          expect(await port.readRef('refs/heads/req')).toBeNull();
        });

        it('readRef and listRefs peel packed and loose tags of tags, and give null for a tag of a tree', async () => {
          const other = freshRepo();
          const commit = other.commit('one', { 'f.txt': '1\n' });
          other.git(['tag', '-a', '-m', 'inner', 'inner', commit]);
          other.git(['tag', '-a', '-m', 'outer', 'outer', 'inner']);
          other.git(['tag', '-a', '-m', 'tree', 'of-tree', `${commit}^{tree}`]);
          const expected = (ref: string) => gitResult(other.dir, ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { allowFailure: true }).stdout.trim() || null;
          for (const packed of [false, true]) {
            if (packed) other.git(['pack-refs', '--all']);
            const live = await open(other.dir);
            for (const ref of ['refs/tags/inner', 'refs/tags/outer', 'refs/tags/of-tree']) expect(await live.readRef(ref), `${ref} packed=${packed}`).toBe(expected(ref));
            expect(await live.listRefs('refs/tags/')).toEqual([
              { ref: 'refs/tags/inner', sha: commit },
              { ref: 'refs/tags/outer', sha: commit },
            ]);
          }
          expect(other.git(['cat-file', '-t', 'of-tree'])).toBe('tag');
          expect(readFileSync(join(other.dir, '.git', 'packed-refs'), 'utf8')).toContain('^'); // git wrote the peeled lines
        });

        it('readRef sees refs that git moved after the port was opened', async () => {
          const other = freshRepo();
          other.commit('one', { 'f.txt': '1\n' });
          const live = await open(other.dir);
          const first = await live.readRef('refs/heads/main');
          const second = other.commit('two', { 'f.txt': '2\n' });
          expect(await live.readRef('refs/heads/main')).toBe(second);
          other.git(['pack-refs', '--all']);
          other.git(['update-ref', 'refs/heads/side', first!]);
          expect(await live.readRef('refs/heads/side')).toBe(first);
          other.git(['update-ref', '-d', 'refs/heads/side']);
          expect(await live.readRef('refs/heads/side')).toBeNull();
        });

        it('listRefs lists the refs under a prefix, sorted by name, with the commit readRef gives', async () => {
          const heads = await port.listRefs('refs/heads/req/');
          const expected = oracle(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/req/'])
            .split('\n')
            .map((line) => {
              const [ref, sha] = line.split(' ');
              return { ref: ref!, sha: sha! };
            });
          expect(heads).toEqual(expected);
          expect(heads.map((entry) => entry.ref)).toEqual(['refs/heads/req/A', 'refs/heads/req/B', 'refs/heads/req/C', 'refs/heads/req/D', 'refs/heads/req/P']);
          const all = await port.listRefs('refs/');
          expect(all.map((entry) => entry.ref)).toEqual([...all.map((entry) => entry.ref)].sort());
          for (const entry of all) expect(entry.sha, entry.ref).toBe(await port.readRef(entry.ref));
          expect(all.map((entry) => entry.ref)).toEqual(expect.arrayContaining(['refs/remotes/origin/HEAD', 'refs/tags/v1.0.0', 'refs/heads/orphan']));
          expect(await port.listRefs('refs/heads/nothing/')).toEqual([]);
        });
      });

      describe('commits and tags', () => {
        it('readCommit matches git for tree, parents, identities, time zones and the verbatim message', async () => {
          for (const sha of [fx.m1, fx.m2, fx.t2, fx.o1]) {
            const commit = await port.readCommit(sha);
            const [tree, parents, an, ae, at, cn, ce, ct] = oracle(['show', '-s', '--format=%T%n%P%n%an%n%ae%n%at%n%cn%n%ce%n%ct', sha]).split('\n');
            expect(commit.sha).toBe(sha);
            expect(commit.tree).toBe(tree);
            expect(commit.parents).toEqual(parents ? parents.split(' ') : []);
            expect([commit.author.name, commit.author.email, String(commit.author.timestamp)]).toEqual([an, ae, at]);
            expect([commit.committer.name, commit.committer.email, String(commit.committer.timestamp)]).toEqual([cn, ce, ct]);
            const raw = oracle(['cat-file', 'commit', sha]);
            expect(raw.endsWith(commit.message.trimEnd())).toBe(true);
          }
          expect((await port.readCommit(fx.m1)).author.timezoneOffset).toBe(-540);
          expect((await port.readCommit(fx.m2)).author.timezoneOffset).toBe(330);
          expect((await port.readCommit(fx.m2)).message).toBe('m2: Unicode ✓ — no final newline');
          expect((await port.readCommit(fx.m1)).message).toBe('m1: root\n\nWith a body.\n');
          await expect(port.readCommit('0123456789abcdef0123456789abcdef01234567')).rejects.toThrow();
        });

        it('writeCommit writes what git commit-tree writes, and round-trips readCommit', async () => {
          for (const sha of [fx.m1, fx.m2, fx.t2]) {
            const { sha: _ignored, ...data } = await port.readCommit(sha);
            expect(await port.writeCommit(data)).toBe(sha);
          }
          const author: GitIdentity = { name: 'Kim Lee', email: 'kim@example.com', timestamp: 1_800_000_000, timezoneOffset: -540 };
          const committer: GitIdentity = { name: 'Bot', email: 'bot@example.com', timestamp: 1_800_000_123, timezoneOffset: 300 };
          const message = 'Merge req/A into main\n\nRelctl-Request: A\nRelctl-Env: prod\n';
          const written = await port.writeCommit({ tree: (await port.readCommit(fx.t1)).tree, parents: [fx.m2, fx.a1], message, author, committer });
          const expected = git(repo.dir, ['commit-tree', '--no-gpg-sign', (await port.readCommit(fx.t1)).tree, '-p', fx.m2, '-p', fx.a1], {
            input: message,
            env: {
              GIT_AUTHOR_NAME: 'Kim Lee',
              GIT_AUTHOR_EMAIL: 'kim@example.com',
              GIT_AUTHOR_DATE: '@1800000000 +0900',
              GIT_COMMITTER_NAME: 'Bot',
              GIT_COMMITTER_EMAIL: 'bot@example.com',
              GIT_COMMITTER_DATE: '@1800000123 -0500',
            },
          });
          expect(written).toBe(expected);
          const back = await port.readCommit(written);
          expect(back).toEqual({ sha: written, tree: back.tree, parents: [fx.m2, fx.a1], message, author, committer });
          const root = await port.writeCommit({ tree: await port.editTree(null, []), parents: [], message: 'root', author, committer });
          expect(oracle(['rev-list', '--parents', '-n1', root])).toBe(root);
          expect(oracle(['cat-file', 'commit', root]).endsWith('\n\nroot')).toBe(true);
        });

        it('writeTag writes an annotated tag object git reads back', async () => {
          const tagger: GitIdentity = { name: 'Tia Tagger', email: 'tia@example.com', timestamp: 1_800_000_000, timezoneOffset: -120 };
          const id = await port.writeTag({ name: 'v2.0.0', target: fx.m3, message: 'Release 2.0.0\n\n- notes\n', tagger });
          expect(oracle(['cat-file', '-t', id])).toBe('tag');
          expect(oracle(['cat-file', '-p', id])).toBe(
            [`object ${fx.m3}`, 'type commit', 'tag v2.0.0', 'tagger Tia Tagger <tia@example.com> 1800000000 +0200', '', 'Release 2.0.0', '', '- notes'].join('\n'),
          );
          // The fixture's tag, rewritten from the same data, has the same id.
          const same = await port.writeTag({
            name: 'v1.0.0',
            target: fx.m2,
            message: 'Release 1.0.0\n\n- notes\n',
            tagger: {
              name: 'Tia Tagger',
              email: 'tia@example.com',
              timestamp: Number(oracle(['for-each-ref', '--format=%(taggerdate:raw)', 'refs/tags/v1.0.0']).split(' ')[0]),
              timezoneOffset: -120,
            },
          });
          expect(same).toBe(fx.tag);
        });
      });

      describe('trees and blobs', () => {
        it('readFile returns bytes at a path of a commit or tree, null for absent paths and directories', async () => {
          expect(decode(await port.readFile(fx.m3, 'a.txt'))).toBe('alpha two\n');
          expect(decode(await port.readFile(fx.m3, 'dir/sub/c.txt'))).toBe('one\nTWO on main\nthree\n');
          expect(decode(await port.readFile(fx.m1, 'a.txt'))).toBe('alpha\n');
          expect(Array.from((await port.readFile(fx.m1, 'bin.dat'))!)).toEqual([0, 1, 2, 255, 0, 10, 13, 0]);
          expect(decode(await port.readFile(fx.m1, 'link'))).toBe('a.txt');
          const tree = oracle(['rev-parse', `${fx.m3}^{tree}`]);
          expect(decode(await port.readFile(tree, 'dir/b.txt'))).toBe('bravo\n');
          expect(await port.readFile(fx.m3, 'missing.txt')).toBeNull();
          expect(await port.readFile(fx.m3, 'dir/missing/deeper.txt')).toBeNull();
          expect(await port.readFile(fx.m3, 'a.txt/below')).toBeNull();
          expect(await port.readFile(fx.d1, 'dir/sub/c.txt')).toBeNull();
          expect(await port.readFile(fx.m3, 'dir')).toBeNull();
        });

        it('readTree lists one level of a commit or tree as git ls-tree does', async () => {
          const fromGit = (treeish: string) =>
            oracle(['ls-tree', treeish])
              .split('\n')
              .map((line) => {
                const [meta, path] = line.split('\t');
                const [mode, type, oid] = meta!.split(' ');
                return { mode: mode!, type: type!, oid: oid!, path: path! };
              });
          expect(await port.readTree(fx.m1)).toEqual(fromGit(fx.m1));
          const dir = oracle(['rev-parse', `${fx.m1}:dir`]);
          expect(await port.readTree(dir)).toEqual(fromGit(dir));
          const modes = Object.fromEntries((await port.readTree(fx.m1)).map((entry) => [entry.path, [entry.mode, entry.type]]));
          expect(modes).toEqual({
            'a.txt': ['100644', 'blob'],
            'bin.dat': ['100644', 'blob'],
            dir: ['040000', 'tree'],
            'exec.sh': ['100755', 'blob'],
            link: ['120000', 'blob'],
          });
        });

        it('writeBlob stores bytes under the id git hash-object gives', async () => {
          const bytes = new Uint8Array([0, 159, 146, 150, 10, 13, 10, 0]);
          const id = await port.writeBlob(bytes);
          expect(id).toBe(git(repo.dir, ['hash-object', '--stdin'], { input: bytes }));
          expect(oracle(['cat-file', '-t', id])).toBe('blob');
          expect(Array.from((await port.readFile(await port.editTree(null, [{ path: 'x.bin', content: bytes }]), 'x.bin'))!)).toEqual(Array.from(bytes));
          expect(await port.writeBlob(new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
        });

        it('editTree(null, []) is the empty tree, written to the object store', async () => {
          expect(await port.editTree(null, [])).toBe(EMPTY_TREE);
          expect(oracle(['cat-file', '-t', EMPTY_TREE])).toBe('tree');
        });

        it('editTree creates, replaces and deletes nested paths like a git index would', async () => {
          const edits: TreeEdit[] = [
            { path: 'a.txt', content: encode('changed\n') },
            { path: 'exec.sh', content: encode('#!/bin/sh\necho changed\n') },
            { path: 'new/deep/er/file.md', content: encode('# new\n') },
            { path: 'new/tool.sh', content: encode('run\n'), mode: '100755' },
            { path: 'dir/b.txt', content: null },
            { path: 'not/there.txt', content: null },
            { path: 'a.txt', content: encode('changed twice\n') },
          ];
          const tree = await port.editTree(fx.m1, edits);
          expect(tree).toBe(oracleEdit(repo.dir, fx.m1, edits));
          expect(oracle(['ls-tree', '-r', tree, 'exec.sh']).split(' ')[0]).toBe('100755');
          expect(oracle(['ls-tree', '-r', '--name-only', tree]).split('\n')).toEqual([
            'a.txt',
            'bin.dat',
            'dir/sub/c.txt',
            'exec.sh',
            'link',
            'new/deep/er/file.md',
            'new/tool.sh',
          ]);
          expect(oracle(['show', `${tree}:a.txt`])).toBe('changed twice');
        });

        it('editTree prunes directories it empties, and can build from and down to nothing', async () => {
          const pruned = await port.editTree(fx.m1, [
            { path: 'dir/b.txt', content: null },
            { path: 'dir/sub/c.txt', content: null },
          ]);
          expect(oracle(['ls-tree', '-r', '-t', '--name-only', pruned]).split('\n')).toEqual(['a.txt', 'bin.dat', 'exec.sh', 'link']);
          const built = await port.editTree(null, [
            { path: 'z.txt', content: encode('z\n') },
            { path: 'a/b/c.txt', content: encode('c\n') },
            { path: 'a-b.txt', content: encode('sorts between a and a/\n') },
          ]);
          expect(built).toBe(
            oracleEdit(repo.dir, null, [
              { path: 'z.txt', content: encode('z\n') },
              { path: 'a/b/c.txt', content: encode('c\n') },
              { path: 'a-b.txt', content: encode('sorts between a and a/\n') },
            ]),
          );
          expect(
            await port.editTree(built, [
              { path: 'z.txt', content: null },
              { path: 'a/b/c.txt', content: null },
              { path: 'a-b.txt', content: null },
            ]),
          ).toBe(EMPTY_TREE);
          expect(await port.editTree(fx.m1, [])).toBe(oracle(['rev-parse', `${fx.m1}^{tree}`]));
        });

        it('editTree replaces a file with a directory and a directory with a file', async () => {
          const tree = await port.editTree(fx.m1, [
            { path: 'a.txt/inner.txt', content: encode('now a folder\n') },
            { path: 'dir', content: encode('now a file\n') },
          ]);
          expect(oracle(['ls-tree', '-r', '--name-only', tree]).split('\n')).toEqual(['a.txt/inner.txt', 'bin.dat', 'dir', 'exec.sh', 'link']);
          expect(oracle(['cat-file', '-p', `${tree}:dir`])).toBe('now a file');
        });
      });

      describe('history', () => {
        it('isAncestor agrees with git merge-base --is-ancestor', async () => {
          const pairs: Array<[string, string]> = [
            [fx.m1, fx.m3],
            [fx.m3, fx.m1],
            [fx.m2, fx.m2],
            [fx.a1, fx.t2],
            [fx.b1, fx.t1],
            [fx.x1, fx.y2],
            [fx.o1, fx.m3],
            [fx.m3, fx.t2],
          ];
          for (const [ancestor, descendant] of pairs) {
            const expected = gitResult(repo.dir, ['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true }).status === 0;
            expect(await port.isAncestor(ancestor, descendant), `${ancestor} ${descendant}`).toBe(expected);
          }
        });

        it('mergeBases agrees with git merge-base --all, criss-cross and unrelated included', async () => {
          const bases = async (a: string, b: string) => (await port.mergeBases(a, b)).sort();
          const fromGit = (a: string, b: string) => {
            const out = gitResult(repo.dir, ['merge-base', '--all', a, b], { allowFailure: true }).stdout;
            return out === '' ? [] : out.split('\n').sort();
          };
          expect(await bases(fx.x2, fx.y2)).toEqual([fx.x1, fx.y1].sort());
          expect(await bases(fx.x2, fx.y2)).toEqual(fromGit(fx.x2, fx.y2));
          expect(await bases(fx.m3, fx.t2)).toEqual(fromGit(fx.m3, fx.t2));
          expect(await bases(fx.m3, fx.t2)).toEqual([fx.m2]);
          expect(await bases(fx.a1, fx.m3)).toEqual([fx.m2]);
          expect(await bases(fx.m1, fx.m3)).toEqual([fx.m1]);
          expect(await bases(fx.o1, fx.m3)).toEqual([]);
        });

        it('firstParentHistory agrees with git rev-list --first-parent, with limit and until', async () => {
          const fromGit = (args: string[]) => oracle(['rev-list', '--first-parent', ...args]).split('\n');
          const shas = async (tip: string, options?: { until?: string; limit?: number }) => (await port.firstParentHistory(tip, options)).map((commit) => commit.sha);
          expect(await shas(fx.t2)).toEqual(fromGit([fx.t2]));
          expect(await shas(fx.t2)).toEqual([fx.t2, fx.t1, fx.m2, fx.m1]);
          expect(await shas(fx.t2, { limit: 2 })).toEqual(fromGit(['--max-count=2', fx.t2]));
          expect(await shas(fx.t2, { until: fx.m2 })).toEqual([fx.t2, fx.t1]);
          expect(await shas(fx.t2, { until: fx.m2, limit: 1 })).toEqual([fx.t2]);
          expect(await shas(fx.t2, { until: fx.t2 })).toEqual([]);
          expect(await shas(fx.x2, { until: fx.y1 })).toEqual([fx.x2, fx.x1, fx.m1]); // until off the chain: walk to the root
          const [first] = await port.firstParentHistory(fx.t2, { limit: 1 });
          expect(first).toEqual(await port.readCommit(fx.t2));
        });
      });

      describe('mergeCommits', () => {
        const mergeTree = (ours: string, theirs: string) => gitResult(repo.dir, ['merge-tree', '--write-tree', '--name-only', ours, theirs], { allowFailure: true });

        it('a clean merge gives the tree git merge-tree writes, with its objects stored', async () => {
          for (const [ours, theirs] of [
            [fx.m3, fx.a1],
            [fx.a1, fx.m3],
            [fx.t2, fx.m3],
            [fx.x2, fx.y2],
            [fx.m3, fx.m1],
          ] as const) {
            const outcome = await port.mergeCommits(ours, theirs);
            const expected = mergeTree(ours, theirs);
            expect(expected.status).toBe(0);
            expect(outcome).toEqual({ clean: true, tree: expected.stdout });
          }
          const outcome = await port.mergeCommits(fx.m3, fx.a1);
          if (!outcome.clean) throw new Error('expected a clean merge');
          expect(oracle(['ls-tree', '-r', outcome.tree])).toBe(oracle(['ls-tree', '-r', mergeTree(fx.m3, fx.a1).stdout]));
          expect(oracle(['show', `${outcome.tree}:dir/b.txt`])).toBe('bravo from A');
          expect(oracle(['show', `${outcome.tree}:dir/sub/c.txt`])).toBe('one\nTWO on main\nthree');
        });

        it('a conflicting merge lists the same paths as git merge-tree, with their kinds', async () => {
          const cases: Array<[string, string, Record<string, string>]> = [
            [fx.m3, fx.c1, { 'dir/sub/c.txt': 'content' }],
            [fx.b1, fx.c1, { 'new.txt': 'add-add' }],
            [fx.m3, fx.d1, { 'dir/sub/c.txt': 'modify-delete' }],
            [fx.d1, fx.m3, { 'dir/sub/c.txt': 'modify-delete' }],
          ];
          for (const [ours, theirs, kinds] of cases) {
            const outcome = await port.mergeCommits(ours, theirs);
            const expected = mergeTree(ours, theirs);
            expect(expected.status).toBe(1);
            const lines = expected.stdout.split('\n');
            const end = lines.indexOf('');
            const gitPaths = [...new Set(lines.slice(1, end < 0 ? undefined : end))].sort();
            expect(outcome.clean).toBe(false);
            if (outcome.clean) continue;
            expect(outcome.conflicts.map((conflict) => conflict.path).sort()).toEqual(gitPaths);
            expect(Object.fromEntries(outcome.conflicts.map((conflict) => [conflict.path, conflict.kind]))).toEqual(kinds);
          }
        });
      });
    });

    describe('updateRefs', () => {
      const setup = () => {
        const repo = freshRepo();
        const one = repo.commit('one', { 'f.txt': '1\n' });
        const two = repo.commit('two', { 'f.txt': '2\n' });
        repo.git(['update-ref', 'refs/heads/a', one]);
        repo.git(['update-ref', 'refs/heads/b', one]);
        repo.git(['pack-refs', '--all']);
        return { repo, one, two, refs: () => repo.git(['for-each-ref', '--format=%(refname) %(objectname)']) };
      };

      it('creates, moves and deletes several refs in one transaction', async () => {
        const { repo, one, two } = setup();
        const port = await open(repo.dir);
        await port.updateRefs(
          [
            { ref: 'refs/heads/a', expected: one, next: two },
            { ref: 'refs/heads/b', expected: one, next: null },
            { ref: 'refs/heads/req/new', expected: null, next: two },
            { ref: 'refs/relctl/log', expected: null, next: one },
          ],
          { message: 'relctl: test transaction' },
        );
        expect(repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/a', 'refs/heads/b', 'refs/heads/req/', 'refs/relctl/'])).toBe(
          [`refs/heads/a ${two}`, `refs/heads/req/new ${two}`, `refs/relctl/log ${one}`].join('\n'),
        );
        expect(await port.readRef('refs/heads/b')).toBeNull();
        expect(await port.readRef('refs/heads/a')).toBe(two);
        await port.updateRefs([], { message: 'nothing' });
      });

      it('moves nothing and names the ref when one expected value is stale', async () => {
        const { repo, one, two, refs } = setup();
        const port = await open(repo.dir);
        const before = refs();
        const attempt = port.updateRefs(
          [
            { ref: 'refs/heads/a', expected: one, next: two },
            { ref: 'refs/heads/b', expected: two, next: one },
            { ref: 'refs/heads/c', expected: null, next: two },
          ],
          { message: 'stale' },
        );
        await expect(attempt).rejects.toBeInstanceOf(RefRaceError);
        await expect(attempt).rejects.toMatchObject({ code: 'RefRaceError', data: { ref: 'refs/heads/b' } });
        expect(refs()).toBe(before);
      });

      it('refuses to create a ref that exists, or to delete or move one that is absent', async () => {
        const { repo, one, two, refs } = setup();
        const port = await open(repo.dir);
        const before = refs();
        await expect(port.updateRefs([{ ref: 'refs/heads/a', expected: null, next: two }], { message: 'x' })).rejects.toMatchObject({ data: { ref: 'refs/heads/a' } });
        await expect(port.updateRefs([{ ref: 'refs/heads/gone', expected: one, next: null }], { message: 'x' })).rejects.toBeInstanceOf(RefRaceError);
        await expect(port.updateRefs([{ ref: 'refs/heads/gone', expected: one, next: two }], { message: 'x' })).rejects.toBeInstanceOf(RefRaceError);
        await expect(port.updateRefs([{ ref: 'refs/heads/a', expected: two, next: null }], { message: 'x' })).rejects.toBeInstanceOf(RefRaceError);
        expect(refs()).toBe(before);
      });

      it('brings a clean checked-out branch worktree along', async () => {
        const { repo, one, two } = setup();
        const port = await open(repo.dir);
        await port.updateRefs([{ ref: 'refs/heads/main', expected: two, next: one }], { message: 'back' });
        expect(repo.git(['rev-parse', 'HEAD'])).toBe(one);
        expect(readFileSync(join(repo.dir, 'f.txt'), 'utf8')).toBe('1\n');
        expect(repo.git(['status', '--porcelain'])).toBe('');
      });

      it('refuses, moving nothing, when a checked-out branch has uncommitted changes', async () => {
        const { repo, one, two, refs } = setup();
        const linked = join(makeTempDir('wt'), 'linked');
        repo.git(['worktree', 'add', '-q', linked, 'a']);
        writeFileSync(join(repo.dir, 'f.txt'), 'edited\n');
        const port = await open(repo.dir);
        const before = refs();
        const attempt = port.updateRefs(
          [
            { ref: 'refs/heads/b', expected: one, next: two },
            { ref: 'refs/heads/main', expected: two, next: one },
          ],
          { message: 'x' },
        );
        await expect(attempt).rejects.toBeInstanceOf(StateError);
        await expect(attempt).rejects.toThrow(repo.dir);
        expect(refs()).toBe(before);
        expect(readFileSync(join(repo.dir, 'f.txt'), 'utf8')).toBe('edited\n');

        // The linked worktree is clean: it follows its branch.
        await port.updateRefs([{ ref: 'refs/heads/a', expected: one, next: two }], { message: 'linked' });
        expect(git(linked, ['rev-parse', 'HEAD'])).toBe(two);
        expect(readFileSync(join(linked, 'f.txt'), 'utf8')).toBe('2\n');
        expect(git(linked, ['status', '--porcelain'])).toBe('');
        writeFileSync(join(linked, 'f.txt'), 'dirty\n');
        await expect(port.updateRefs([{ ref: 'refs/heads/a', expected: two, next: one }], { message: 'x' })).rejects.toThrow(linked);
        expect(repo.git(['rev-parse', 'refs/heads/a'])).toBe(two);
      });
    });
  });
}

/** The tree git itself builds for `edits` on `tree`, through a temp index (the oracle of editTree). */
function oracleEdit(dir: string, tree: string | null, edits: TreeEdit[]): string {
  const env = { GIT_INDEX_FILE: join(makeTempDir('index'), 'index') };
  git(dir, ['read-tree', tree ?? '--empty'], { env });
  for (const edit of edits) {
    if (edit.content === null) {
      git(dir, ['update-index', '--force-remove', edit.path], { env });
      continue;
    }
    const blob = git(dir, ['hash-object', '-w', '--stdin'], { input: edit.content });
    const current = git(dir, ['ls-files', '-s', '--', edit.path], { env }).split(' ')[0];
    const mode = edit.mode ?? (current === '100755' || current === '120000' ? current : '100644');
    git(dir, ['update-index', '--add', '--replace', '--cacheinfo', `${mode},${blob},${edit.path}`], { env });
  }
  return git(dir, ['write-tree'], { env });
}
