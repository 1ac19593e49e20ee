import * as fs from 'node:fs';
import { join } from 'node:path';
import * as isogit from 'isomorphic-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { openObjectStore } from './object-store.js';
import { parseCommit } from './parse-commit.js';
import { parseCommitHeader } from './parse-commit-header.js';

// parseCommit must report commits exactly as isomorphic-git's readCommit does (the rest of
// @relctl/git reads commits through it), including odd identities, signatures and messages.

let repo: TempRepo;
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const crafted: string[] = [];

beforeAll(() => {
  repo = createTempRepo({ bare: true });
  const write = (text: string): string => repo.git(['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'], text);
  const root = write(`tree ${EMPTY_TREE}\nauthor A U Thor <a@example.com> 1700000000 +0900\ncommitter C O Mitter <c@example.com> 1700000100 -0530\n\nroot\n`);
  crafted.push(root);
  crafted.push(
    write(
      `tree ${EMPTY_TREE}\nparent ${root}\nauthor Name <with> brackets <odd@example.com> 1700000200 -0000\n` +
        `committer   Spaces   <s@example.com> 1700000300 +1400\nencoding ISO-8859-1\n` +
        `gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n` +
        `parent ${EMPTY_TREE}\n\n\n\r\nSubject with CRLF\r\n\r\nBody line\r\n\n\n`,
    ),
  );
  crafted.push(
    write(
      `tree ${EMPTY_TREE}\nparent ${root}\nparent ${crafted[1]}\nauthor Ünïcödé 名前 <u@example.com> 1 +0000\ncommitter X <x@example.com> 5000000000 +0100\n\nno trailing newline`,
    ),
  );
});
afterAll(() => repo.remove());

describe('parseCommit', () => {
  it('equals isomorphic-git readCommit', async () => {
    const store = openObjectStore({ fs, objectsDir: join(repo.dir, 'objects'), hashLength: 20 });
    for (const oid of crafted) {
      const object = store.read(oid);
      expect(object?.type).toBe('commit');
      const mine = parseCommit({ oid, data: object?.data as Buffer });
      const { commit } = await isogit.readCommit({ fs, gitdir: repo.dir, oid });
      expect(mine).toEqual({
        sha: oid,
        tree: commit.tree,
        parents: commit.parent,
        message: commit.message,
        author: commit.author,
        committer: commit.committer,
      });
    }
  });

  it('takes tree and parents from the start of the headers only, like git', () => {
    const store = openObjectStore({ fs, objectsDir: join(repo.dir, 'objects'), hashLength: 20 });
    const signed = crafted[1] as string;
    const header = parseCommitHeader({ oid: signed, data: store.read(signed)?.data as Buffer });
    expect(header).toEqual({ tree: EMPTY_TREE, parents: [crafted[0]], committerTime: 1700000300 });
    expect(repo.git(['rev-parse', `${signed}^@`])).toBe(crafted[0]);
    const late = crafted[2] as string;
    expect(parseCommitHeader({ oid: late, data: store.read(late)?.data as Buffer }).committerTime).toBe(5000000000);
  });
});
