import { join } from 'node:path';
import { UsageError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readPackedRefs } from '../refs/read-packed-refs.js';
import { resolveRefCommit } from './resolve-ref-commit.js';

/** Options of {@link listRefCommits}. */
export interface ListRefCommitsOptions {
  repo: Repository;
  /** Ref name prefix under `refs/`, e.g. `refs/heads/req/`. */
  prefix: string;
}

/**
 * Every ref whose name starts with `prefix` (loose and packed, a loose ref winning), with the
 * commit it resolves to as {@link resolveRefCommit} gives it (symbolic refs followed, tags
 * peeled), sorted by name as `git for-each-ref` sorts. Refs that lead to no commit are left out.
 *
 * @example
 * ```ts
 * const requests = await listRefCommits({ repo, prefix: 'refs/heads/req/' });
 * ```
 */
export async function listRefCommits({ repo, prefix }: ListRefCommitsOptions): Promise<Array<{ ref: string; sha: Sha }>> {
  if (!prefix.startsWith('refs/')) {
    throw new UsageError(`list refs under a prefix that starts with refs/ (got ${JSON.stringify(prefix)}).`, { prefix });
  }
  const names = new Set<string>();
  for (const name of (await readPackedRefs({ repo })).keys()) if (name.startsWith(prefix)) names.add(name);
  const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  await walk(repo, join(repo.commonDir, base), base, (name) => {
    if (name.startsWith(prefix)) names.add(name);
  });
  const sorted = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const result: Array<{ ref: string; sha: Sha }> = [];
  for (const ref of sorted) {
    let sha: Sha | null;
    try {
      sha = await resolveRefCommit({ repo, ref });
    } catch {
      sha = null; // a broken loose ref: git for-each-ref skips it too
    }
    if (sha !== null) result.push({ ref, sha });
  }
  return result;
}

async function walk(repo: Repository, dir: string, name: string, found: (name: string) => void): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await repo.fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) await walk(repo, join(dir, entry.name), `${name}${entry.name}/`, found);
    else if (!entry.name.endsWith('.lock')) found(`${name}${entry.name}`);
  }
}
