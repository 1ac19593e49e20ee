import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitIdentity, GitPort } from '@relctl/core';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { createIsomorphicGitPort } from '../../src/isomorphic/index.js';
import { openRepository } from '../../src/repo/index.js';
import { createSystemGitPort, type SystemGitPort } from '../../src/system/index.js';

const encode = (text: string) => new TextEncoder().encode(text);
const WHO: GitIdentity = { name: 'Rel Ctl', email: 'relctl@example.com', timestamp: 1_767_225_600, timezoneOffset: 0 };

/** What a writer killed half way through its object file left, before objects were written through a temp file. */
const DAMAGE: Record<string, (whole: Buffer) => Buffer> = {
  empty: () => Buffer.alloc(0),
  'cut short': (whole) => whole.subarray(0, Math.max(1, whole.length >> 1)),
};

/**
 * A port that is about to write an object whose loose file a killed writer left damaged must write
 * it anew (git only freshens a file that is there, and isomorphic-git's `writeObject` skipped it):
 * otherwise the commit it writes next builds on an object nobody can read (issue 23, case 193:
 * `Loose object cb1bcc11… is damaged`).
 */
describe.each(['isomorphic', 'system'] as const)('%s port: writing an object whose file a killed writer left damaged', (backend) => {
  let repo: TempRepo;
  let port: GitPort;
  let main: string;
  let side: string;

  beforeAll(async () => {
    repo = createTempRepo();
    main = repo.commit('base', { 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
    repo.git(['switch', '-q', '-c', 'side']);
    side = repo.commit('side', { 'dir/c.txt': 'c\n' });
    repo.git(['switch', '-q', 'main']);
    main = repo.commit('main', { 'a.txt': 'a2\n' });
    port = backend === 'system' ? createSystemGitPort({ cwd: repo.dir }) : createIsomorphicGitPort({ repo: await openRepository({ cwd: repo.dir }) });
  });
  afterAll(() => {
    (port as Partial<SystemGitPort>).close?.();
    repo?.remove();
  });

  const damage = (oid: string, how: (whole: Buffer) => Buffer): void => {
    const path = join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    const whole = readFileSync(path);
    chmodSync(path, 0o644);
    writeFileSync(path, how(whole));
    expect(gitResult(repo.dir, ['cat-file', '-p', oid], { allowFailure: true }).status).not.toBe(0);
  };
  const whole = (oid: string): void => {
    expect(gitResult(repo.dir, ['cat-file', '-p', oid], { allowFailure: true }).status).toBe(0);
    const fsck = gitResult(repo.dir, ['fsck', '--no-dangling'], { allowFailure: true });
    expect(fsck.status, fsck.stdout).toBe(0);
  };

  const writes: Record<string, (n: number) => Promise<string>> = {
    writeBlob: (n) => port.writeBlob(encode(`blob ${n}\n`)),
    writeCommit: async (n) => port.writeCommit({ tree: repo.git(['rev-parse', `${main}^{tree}`]), parents: [main], message: `commit ${n}\n`, author: WHO, committer: WHO }),
    writeTag: (n) => port.writeTag({ name: `v${n}`, target: main, message: `tag ${n}\n`, tagger: WHO }),
    editTree: (n) => port.editTree(main, [{ path: `dir/new-${n}.txt`, content: encode(`${n}\n`) }]),
    mergeCommits: async (n) => {
      // A different merge for each case: side gains a file named after the case first.
      const theirs = repo.git(['commit-tree', repo.git(['rev-parse', `${side}^{tree}`]), '-p', side, '-m', `side ${n}`]);
      const outcome = await port.mergeCommits(main, theirs);
      if (!outcome.clean) throw new Error('expected a clean merge');
      return outcome.tree;
    },
  };

  let n = 0;
  for (const [name, write] of Object.entries(writes)) {
    for (const [label, how] of Object.entries(DAMAGE)) {
      it(`${name}: the file is ${label} → written anew, same id, git reads it`, async () => {
        n += 1;
        const oid = await write(n);
        whole(oid);
        damage(oid, how);
        expect(await write(n)).toBe(oid);
        whole(oid);
      });
    }
  }
});
