import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { generateHistory } from './generate-history.js';
import { openObjectStore } from './object-store.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  while (cleanup.length > 0) (cleanup.pop() as () => void)();
});

function tempRepo(options: Parameters<typeof createTempRepo>[0] = {}): TempRepo {
  const repo = createTempRepo(options);
  cleanup.push(() => repo.remove());
  return repo;
}

/** Every object of the repository as git cat-file --batch prints it (one git call). */
function catAll(repo: TempRepo): Map<string, { type: string; data: Buffer }> {
  const ids = repo.git(['cat-file', '--batch-all-objects', '--batch-check=%(objectname)']).split('\n');
  const raw = execFileSync('git', ['cat-file', '--batch'], { cwd: repo.dir, input: ids.join('\n') + '\n', maxBuffer: 1 << 28 });
  const objects = new Map<string, { type: string; data: Buffer }>();
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf(10, at);
    const [oid, type, size] = raw.toString('latin1', at, end).split(' ');
    const data = raw.subarray(end + 1, end + 1 + Number(size));
    objects.set(oid as string, { type: type as string, data });
    at = end + 1 + Number(size) + 1;
  }
  return objects;
}

function expectStoreMatches(repo: TempRepo, objectsDir = join(repo.dir, 'objects')): number {
  const store = openObjectStore({ fs, objectsDir, hashLength: repo.git(['rev-parse', '--show-object-format']) === 'sha256' ? 32 : 20 });
  const objects = catAll(repo);
  try {
    for (const [oid, expected] of objects) {
      const actual = store.read(oid);
      expect(actual?.type).toBe(expected.type);
      expect(actual?.data.equals(expected.data)).toBe(true);
    }
  } finally {
    store.close();
  }
  return objects.size;
}

describe('openObjectStore', () => {
  it('reads loose objects and pack files like git cat-file', () => {
    const repo = tempRepo();
    generateHistory({ dir: repo.dir, commits: 60, seed: 1 });
    repo.commit('loose', { 'loose.txt': 'a loose blob\n' });
    expect(fs.readdirSync(join(repo.dir, '.git', 'objects')).some((name) => /^[0-9a-f]{2}$/.test(name))).toBe(true);
    expect(expectStoreMatches(repo, join(repo.dir, '.git', 'objects'))).toBeGreaterThan(200);
    const store = openObjectStore({ fs, objectsDir: join(repo.dir, '.git', 'objects'), hashLength: 20 });
    expect(store.read('0'.repeat(40))).toBeNull();
  });

  it('finds every packed object and no other when the predicted place in the index misses', () => {
    const repo = tempRepo({ bare: true });
    generateHistory({ dir: repo.dir, commits: 400, seed: 3 });
    repo.git(['repack', '-a', '-d']);
    const objects = [...catAll(repo).keys()];
    expect(objects.length).toBeGreaterThan(1_000); // several ids per fanout bucket
    for (const span of [0, 1, 3]) {
      const store = openObjectStore({ fs, objectsDir: join(repo.dir, 'objects'), hashLength: 20, indexProbeSpan: span });
      try {
        for (const oid of objects) expect(store.read(oid)?.type, `${oid} with span ${span}`).toBeDefined();
        // Ids next to real ones (last byte changed) sort among them and are absent.
        for (const oid of objects.slice(0, 300)) {
          const near = oid.slice(0, 38) + ((parseInt(oid.slice(38), 16) + 1) % 256).toString(16).padStart(2, '0');
          if (!objects.includes(near)) expect(store.read(near)).toBeNull();
        }
      } finally {
        store.close();
      }
    }
  });

  it('resolves OFS_DELTA and REF_DELTA chains', () => {
    const repo = tempRepo({ bare: true });
    generateHistory({ dir: repo.dir, commits: 150, seed: 2 });
    repo.git(['repack', '-a', '-d', '-f', '--window=50', '--depth=20']);
    const pack = fs.readdirSync(join(repo.dir, 'objects', 'pack')).find((name) => name.endsWith('.pack')) as string;
    const verbose = repo.git(['verify-pack', '-v', join(repo.dir, 'objects', 'pack', pack)]);
    expect(verbose).toMatch(/chain length = [2-9]/);
    expectStoreMatches(repo);
    repo.git(['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '--window=50', '--depth=20']);
    expectStoreMatches(repo);
  });

  it('reads 64-bit pack offsets, alternates, and packs written after it opened', () => {
    const repo = tempRepo({ bare: true });
    const first = generateHistory({ dir: repo.dir, commits: 40, seed: 3 });
    const packDir = join(repo.dir, 'objects', 'pack');
    const pack = fs.readdirSync(packDir).find((name) => name.endsWith('.pack')) as string;
    const index = join(packDir, pack.replace(/\.pack$/, '.idx'));
    fs.chmodSync(index, 0o644);
    // Every offset above 256 goes to the large-offset table.
    repo.git(['index-pack', '--index-version=2,256', '-o', `${index}.new`, join(packDir, pack)]);
    fs.renameSync(`${index}.new`, index);
    expectStoreMatches(repo);

    const borrower = tempRepo({ bare: true });
    fs.writeFileSync(join(borrower.dir, 'objects', 'info', 'alternates'), `${join(repo.dir, 'objects')}\n`);
    const store = openObjectStore({ fs, objectsDir: join(borrower.dir, 'objects'), hashLength: 20 });
    expect(store.read(first.heads.main as string)?.type).toBe('commit');

    const own = openObjectStore({ fs, objectsDir: join(repo.dir, 'objects'), hashLength: 20 });
    expect(own.read(first.heads.main as string)?.type).toBe('commit');
    const second = generateHistory({ dir: repo.dir, commits: 5, seed: 4, heads: first.heads, startTime: first.lastTime + 60 });
    expect(own.read(second.heads.main as string)?.type).toBe('commit');
  });

  it('reads SHA-256 repositories', () => {
    const repo = tempRepo({ bare: true, objectFormat: 'sha256' });
    generateHistory({ dir: repo.dir, commits: 30, seed: 5 });
    expect(expectStoreMatches(repo)).toBeGreaterThan(60);
  });
});
