import { describe, expect, it } from 'vitest';
import type { Repository } from '../repo/repository.js';
import { MergeObjectCache } from './merge-object-cache.js';

const repo = (): Repository => ({ extensions: new Map() }) as unknown as Repository;

describe('MergeObjectCache', () => {
  it('is one cache per repository', () => {
    const r = repo();
    expect(MergeObjectCache.of(r)).toBe(MergeObjectCache.of(r));
    expect(MergeObjectCache.of(r)).not.toBe(MergeObjectCache.of(repo()));
  });

  it('drops the least recently used blobs past 32 MB, and never keeps a blob over 4 MB', () => {
    const cache = MergeObjectCache.of(repo());
    const mb = (n: number): Uint8Array => new Uint8Array(n * 1024 * 1024);
    for (let i = 0; i < 10; i++) cache.putBlob(`b${i}`, mb(3.5));
    expect(cache.blob('b0')).toBeUndefined();
    expect(cache.blob('b1')).toBeDefined(); // 9 x 3.5 MB = 31.5 MB kept; reading b1 makes it recent
    cache.putBlob('b10', mb(3.5));
    expect(cache.blob('b1')).toBeDefined();
    expect(cache.blob('b2')).toBeUndefined();
    cache.putBlob('big', mb(5));
    expect(cache.blob('big')).toBeUndefined();
  });

  it('keeps at most 8192 trees', () => {
    const cache = MergeObjectCache.of(repo());
    for (let i = 0; i <= 8192; i++) cache.putTree(`t${i}`, []);
    expect(cache.tree('t0')).toBeUndefined();
    expect(cache.tree('t1')).toEqual([]);
  });
});
