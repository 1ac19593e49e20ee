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
  const path = join(repo.commonDir, 'packed-refs');
  let key: string;
  try {
    const stat = await repo.fs.promises.stat(path, { bigint: true });
    key = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch (error) {
    if (isMissing(error)) return new Map();
    throw error;
  }
  const cached = repo.extensions.get(CACHE_KEY) as PackedRefsCache | undefined;
  if (!fresh && cached?.key === key) return cached.refs;
  let text: string;
  try {
    text = await repo.fs.promises.readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return new Map();
    throw error;
  }
  const refs = parsePackedRefs(text);
  repo.extensions.set(CACHE_KEY, { key, refs } satisfies PackedRefsCache);
  return refs;
}

function parsePackedRefs(text: string): Map<string, Sha> {
  const refs = new Map<string, Sha>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    refs.set(line.slice(space + 1).replace(/\r$/, ''), line.slice(0, space));
  }
  return refs;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
