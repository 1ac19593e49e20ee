import * as nodeFs from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

/** `node:fs` recording every path opened for writing, written whole, and renamed to. */
function recordingFs() {
  const calls: string[] = [];
  const fs = {
    ...nodeFs,
    promises: {
      ...nodeFs.promises,
      open: async (path: nodeFs.PathLike, flags?: string | number, mode?: nodeFs.Mode) => {
        const handle = await nodeFs.promises.open(path, flags, mode);
        if (typeof flags === 'string' && /[wa]/.test(flags)) calls.push(`open ${String(path)}`);
        return handle;
      },
      writeFile: (
        path: Parameters<typeof nodeFs.promises.writeFile>[0],
        ...rest: [Parameters<typeof nodeFs.promises.writeFile>[1], Parameters<typeof nodeFs.promises.writeFile>[2]?]
      ) => {
        calls.push(`writeFile ${String(path)}`);
        return nodeFs.promises.writeFile(path, ...rest);
      },
      rename: (from: nodeFs.PathLike, to: nodeFs.PathLike) => {
        calls.push(`rename ${String(from)} -> ${String(to)}`);
        return nodeFs.promises.rename(from, to);
      },
    },
  } as unknown as typeof nodeFs;
  return { fs, calls };
}

describe('objectSafeFs (the fs isomorphic-git gets from openRepository)', () => {
  it('an object isomorphic-git writes appears only by a rename from a tmp_obj_ file in its folder', async () => {
    const repo = createTempRepo();
    repos.push(repo);
    repo.commit('base', { 'a.txt': 'a\n' });
    const { fs, calls } = recordingFs();
    const r = await openRepository({ cwd: repo.dir, fs });
    const oid = await git.writeBlob({ fs: r.fs, gitdir: r.commonDir, blob: new TextEncoder().encode('through isomorphic-git\n') });
    const path = join(r.commonDir, 'objects', oid.slice(0, 2), oid.slice(2));
    const temp = calls.find((call) => call.startsWith('open '))?.slice('open '.length) ?? '';
    expect(temp).toMatch(new RegExp(`/objects/${oid.slice(0, 2)}/tmp_obj_[0-9a-f]+$`));
    expect(calls).toEqual([`open ${temp}`, `rename ${temp} -> ${path}`]);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(repo.git(['cat-file', 'blob', oid])).toBe('through isomorphic-git');
    expect(gitResult(repo.dir, ['fsck', '--no-dangling'], { allowFailure: true }).status).toBe(0);
  });

  it('packs and their indexes go through tmp_pack_ / tmp_idx_ files; files outside objects/ are written as asked', async () => {
    const repo = createTempRepo();
    repos.push(repo);
    const { fs, calls } = recordingFs();
    const r = await openRepository({ cwd: repo.dir, fs });
    const pack = join(r.commonDir, 'objects', 'pack', 'pack-1234.pack');
    await r.fs.promises.writeFile(pack, Buffer.from('PACK'));
    await r.fs.promises.writeFile(pack.replace(/\.pack$/, '.idx'), Buffer.from('IDX'));
    await r.fs.promises.writeFile(join(r.commonDir, 'config.test'), 'x', 'utf8');
    expect(calls.map((call) => call.replace(/[0-9a-f]{12}/g, '*').replaceAll(r.commonDir, '.git'))).toEqual([
      'open .git/objects/pack/tmp_pack_*',
      'rename .git/objects/pack/tmp_pack_* -> .git/objects/pack/pack-1234.pack',
      'open .git/objects/pack/tmp_idx_*',
      'rename .git/objects/pack/tmp_idx_* -> .git/objects/pack/pack-1234.idx',
      'writeFile .git/config.test',
    ]);
    expect(readdirSync(join(r.commonDir, 'objects', 'pack')).sort()).toEqual(['pack-1234.idx', 'pack-1234.pack']);
  });
});
