import * as nodeFs from 'node:fs';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { InjectedFault } from '../refs/injected-fault.js';
import { openRepository } from '../repo/index.js';
import { looseObjectPath } from './loose-object-path.js';
import { writeLooseObject } from './write-loose-object.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

function fresh(): TempRepo {
  const repo = createTempRepo();
  repos.push(repo);
  repo.commit('base', { 'a.txt': 'a\n' });
  return repo;
}

const encode = (text: string) => new TextEncoder().encode(text);

/** Replace a file even when it is read-only (git's loose objects are 0444). */
function overwrite(path: string, content: Uint8Array | string): void {
  chmodSync(path, 0o644);
  writeFileSync(path, content);
}

function fsckClean(repo: TempRepo): void {
  const result = gitResult(repo.dir, ['fsck', '--no-dangling', '--strict'], { allowFailure: true });
  expect(result.status, result.stdout).toBe(0);
}

describe('writeLooseObject', () => {
  it('writes what `git hash-object -w` writes: the same id, a file git reads, mode 0444', async () => {
    const repo = fresh();
    const r = await openRepository({ cwd: repo.dir });
    const content = encode('hello\n');
    const oid = await writeLooseObject({ repo: r, type: 'blob', content });
    expect(oid).toBe(repo.git(['hash-object', '--stdin'], 'hello\n'));
    expect(repo.git(['cat-file', 'blob', oid])).toBe('hello');
    expect(statSync(looseObjectPath({ repo: r, oid })).mode & 0o777).toBe(0o444);
    const tree = repo.git(['rev-parse', 'HEAD^{tree}']);
    const commit = await writeLooseObject({ repo: r, type: 'commit', content: encode(`tree ${tree}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm\n`) });
    expect(repo.git(['cat-file', '-t', commit])).toBe('commit');
    fsckClean(repo);
  });

  it.each([
    ['empty (killed between creating and writing the file)', () => new Uint8Array(0)],
    ['cut short (killed half way through)', (whole: Buffer) => whole.subarray(0, whole.length >> 1)],
    ['holding another object', () => deflateSync(Buffer.from('blob 6\0other\n'))],
  ])('replaces a damaged file at the object path: %s', async (_label, damage) => {
    const repo = fresh();
    const r = await openRepository({ cwd: repo.dir });
    const oid = repo.git(['hash-object', '-w', '--stdin'], 'precious\n');
    const path = looseObjectPath({ repo: r, oid });
    overwrite(path, damage(nodeFs.readFileSync(path)));
    expect(gitResult(repo.dir, ['fsck'], { allowFailure: true }).status).not.toBe(0);
    expect(await writeLooseObject({ repo: r, type: 'blob', content: encode('precious\n') })).toBe(oid);
    expect(repo.git(['cat-file', 'blob', oid])).toBe('precious');
    fsckClean(repo);
    expect(readdirSync(join(path, '..')).filter((name) => name.startsWith('tmp_'))).toEqual([]);
  });

  it('keeps a whole file that is already there (and freshens its time, as git does)', async () => {
    const repo = fresh();
    const r = await openRepository({ cwd: repo.dir });
    const oid = repo.git(['hash-object', '-w', '--stdin'], 'kept\n');
    const path = looseObjectPath({ repo: r, oid });
    const old = new Date(Date.now() - 86_400_000);
    nodeFs.utimesSync(path, old, old);
    const inode = statSync(path).ino;
    expect(await writeLooseObject({ repo: r, type: 'blob', content: encode('kept\n') })).toBe(oid);
    expect(statSync(path).ino).toBe(inode);
    expect(statSync(path).mtimeMs).toBeGreaterThan(old.getTime() + 1000);
  });

  it.each(['object:after-create', 'object:after-partial-write', 'object:before-rename'])(
    'a writer killed at %s leaves no object at all, only a temp file git ignores; the next write succeeds',
    async (point) => {
      const repo = fresh();
      const r = await openRepository({ cwd: repo.dir });
      const content = encode('x'.repeat(10_000));
      const oid = repo.git(['hash-object', '--stdin'], 'x'.repeat(10_000));
      const faultHook = (reached: string) => {
        if (reached === point) throw new InjectedFault(reached);
      };
      await expect(writeLooseObject({ repo: r, type: 'blob', content, faultHook })).rejects.toBeInstanceOf(InjectedFault);
      const path = looseObjectPath({ repo: r, oid });
      expect(nodeFs.existsSync(path)).toBe(false);
      expect(readdirSync(join(path, '..')).filter((name) => name.startsWith('tmp_obj_'))).toHaveLength(1);
      fsckClean(repo);
      expect(await writeLooseObject({ repo: r, type: 'blob', content })).toBe(oid);
      expect(repo.git(['cat-file', '-s', oid])).toBe('10000');
      fsckClean(repo);
    },
  );

  it('fsyncs a loose object before renaming it only when core.fsync (or core.fsyncObjectFiles) asks for loose objects', async () => {
    const synced = async (config: string[] | null): Promise<number> => {
      const repo = fresh();
      if (config) repo.git(['config', ...config]);
      let syncs = 0;
      const fs = {
        ...nodeFs,
        promises: {
          ...nodeFs.promises,
          open: async (...args: Parameters<typeof nodeFs.promises.open>) => {
            const handle = await nodeFs.promises.open(...args);
            const sync = handle.sync.bind(handle);
            handle.sync = async () => {
              syncs += 1;
              return sync();
            };
            return handle;
          },
        },
      } as typeof nodeFs;
      const r = await openRepository({ cwd: repo.dir, fs });
      await writeLooseObject({ repo: r, type: 'blob', content: encode(`content ${config?.join(' ')}\n`) });
      return syncs;
    };
    expect(await synced(null)).toBe(0);
    expect(await synced(['core.fsync', 'committed'])).toBe(1);
    expect(await synced(['core.fsync', 'all,-loose-object'])).toBe(1); // what a word adds stays, as in git
    expect(await synced(['core.fsync', 'none'])).toBe(0);
    expect(await synced(['core.fsyncObjectFiles', 'true'])).toBe(1);
  });
});
