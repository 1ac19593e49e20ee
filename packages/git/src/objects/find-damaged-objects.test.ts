import { chmodSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { findDamagedObjects } from './find-damaged-objects.js';
import { looseObjectPath } from './loose-object-path.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

describe('findDamagedObjects', () => {
  it('follows loose objects from the named ones, stops at packed ones, and finds damaged and missing objects', async () => {
    const repo = createTempRepo();
    repos.push(repo);
    const packed = repo.commit('base', { 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
    repo.git(['gc', '-q']);
    const tip = repo.commit('next', { 'dir/c.txt': 'c\n' });
    const blob = repo.git(['rev-parse', `${tip}:dir/c.txt`]);
    const r = await openRepository({ cwd: repo.dir });
    expect(await findDamagedObjects({ repo: r, oids: [tip, packed] })).toEqual([]);
    // A blob of the new commit, reached through its loose tree and subtree, is cut short.
    const path = looseObjectPath({ repo: r, oid: blob });
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.alloc(0));
    const missing = 'f'.repeat(40);
    expect(await findDamagedObjects({ repo: r, oids: [tip, packed, missing] })).toEqual([
      { oid: blob, problem: 'damaged', path, reason: 'the file is empty' },
      { oid: missing, problem: 'missing', path: null, reason: 'no pack or loose file holds it' },
    ]);
  });

  it('with `since`: also every loose object written since then, named or not', async () => {
    const repo = createTempRepo();
    repos.push(repo);
    repo.commit('base', { 'a.txt': 'a\n' });
    const r = await openRepository({ cwd: repo.dir });
    const old = repo.git(['hash-object', '-w', '--stdin'], 'old\n');
    const fresh = repo.git(['hash-object', '-w', '--stdin'], 'fresh\n');
    const since = Date.now() - 60_000;
    for (const oid of [old, fresh]) {
      const path = looseObjectPath({ repo: r, oid });
      chmodSync(path, 0o644);
      writeFileSync(path, Buffer.from([0x78, 0x01, 0x4b]));
    }
    const before = new Date(since - 60_000);
    utimesSync(looseObjectPath({ repo: r, oid: old }), before, before);
    const found = await findDamagedObjects({ repo: r, oids: [], since });
    expect(found.map((object) => [object.oid, object.problem])).toEqual([[fresh, 'damaged']]);
    expect(found[0]?.reason).toMatch(/^does not inflate/);
  });
});
