import { join } from 'node:path';
import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';

/**
 * Options of {@link readPackedRefs}.
 *
 * @example
 * ```ts
 * const packed = await readPackedRefs({ repo, fresh: true });
 * ```
 */
export interface ReadPackedRefsOptions {
  repo: Repository;
  /** Skip the per-repository cache (transactions read under their locks with `fresh: true`). */
  fresh?: boolean;
}

interface PackedRefsCache {
  key: string;
  refs: ReadonlyMap<string, Sha>;
  /** Ref name → the object its annotated tag chain leads to (the `^<sha>` line git writes under it). */
  peeled: ReadonlyMap<string, Sha>;
}

const CACHE_KEY = 'refs:packed-refs';

/**
 * The refs of `<commonDir>/packed-refs` (name → value, peeled lines ignored), or an empty map when
 * the file is absent. Cached per repository and re-read when the file's size, inode or mtime change.
 *
 * @example
 * ```ts
 * const packed = await readPackedRefs({ repo });
 * packed.get('refs/tags/v1.0.0');
 * ```
 */
export async function readPackedRefs({ repo, fresh = false }: ReadPackedRefsOptions): Promise<ReadonlyMap<string, Sha>> {
  return (await readPackedRefsFile(repo, fresh)).refs;
}

/**
 * What the annotated tags of `<commonDir>/packed-refs` peel to (ref name → object), from the
 * `^<sha>` lines git writes under them, read with the same cached read as {@link readPackedRefs}:
 * peeling a packed tag then needs no object read, as in git for-each-ref.
 *
 * @example
 * ```ts
 * const commit = (await readPackedPeeled({ repo })).get('refs/tags/v1.4.0');
 * ```
 */
export async function readPackedPeeled({ repo, fresh = false }: ReadPackedRefsOptions): Promise<ReadonlyMap<string, Sha>> {
  return (await readPackedRefsFile(repo, fresh)).peeled;
}

async function readPackedRefsFile(repo: Repository, fresh: boolean): Promise<Omit<PackedRefsCache, 'key'>> {
  const path = join(repo.commonDir, 'packed-refs');
  let key: string;
  try {
    const stat = await repo.fs.promises.stat(path, { bigint: true });
    key = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch (error) {
    if (isMissing(error)) return { refs: new Map(), peeled: new Map() };
    throw error;
  }
  const cached = repo.extensions.get(CACHE_KEY) as PackedRefsCache | undefined;
  if (!fresh && cached?.key === key) return cached;
  let text: string;
  try {
    text = await repo.fs.promises.readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { refs: new Map(), peeled: new Map() };
    throw error;
  }
  const parsed = { key, ...parsePackedRefs(text) } satisfies PackedRefsCache;
  repo.extensions.set(CACHE_KEY, parsed);
  return parsed;
}

function parsePackedRefs(text: string): Omit<PackedRefsCache, 'key'> {
  const refs = new Map<string, Sha>();
  const peeled = new Map<string, Sha>();
  let last: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('^')) {
      if (last !== null) peeled.set(last, line.slice(1).replace(/\r$/, ''));
      continue;
    }
    const space = line.indexOf(' ');
    last = null;
    if (space <= 0) continue;
    last = line.slice(space + 1).replace(/\r$/, '');
    refs.set(last, line.slice(0, space));
  }
  return { refs, peeled };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
