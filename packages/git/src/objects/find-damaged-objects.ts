import { join } from 'node:path';
import { readStoredObject } from '../history/read-stored-object.js';
import type { Repository } from '../repo/repository.js';
import { checkLooseObject } from './check-loose-object.js';
import { looseObjectPath } from './loose-object-path.js';

/**
 * An object {@link findDamagedObjects} found wanting.
 *
 * @example
 * ```ts
 * const d: DamagedObject = { oid: 'cb1bcc11…', problem: 'damaged', path: '/repo/.git/objects/cb/1bcc11…', reason: 'the file is empty' };
 * ```
 */
export interface DamagedObject {
  oid: string;
  /** `damaged`: its loose file does not inflate or hash to its id; `missing`: no pack or loose file holds it. */
  problem: 'damaged' | 'missing';
  /** The loose file (`null` for a missing object). */
  path: string | null;
  /** What is wrong with the file, e.g. `the file is empty`. */
  reason: string;
}

/**
 * Options of {@link findDamagedObjects}.
 *
 * @example
 * ```ts
 * const options: FindDamagedObjectsOptions = { repo, oids: [tip], since: Date.now() - 60_000 };
 * ```
 */
export interface FindDamagedObjectsOptions {
  repo: Repository;
  /** Objects that must be whole (e.g. every id an unfinished run or transaction names). */
  oids: Iterable<string>;
  /** Also check every loose object whose file changed at or after this time (epoch ms). */
  since?: number;
  /** Stop after checking this many objects (default 200 000). */
  limit?: number;
}

/**
 * Find the objects among `oids` that are missing or whose loose file is damaged, and what they
 * reach through loose objects: a whole loose commit leads to its tree, a loose tree to its entries,
 * a loose tag to its target. A packed object ends the walk (packs are checked when they are
 * written, and what they reach is in them). With `since`, every loose object written since then
 * is checked too: objects that a killed writer left half done, referenced or not.
 *
 * @example
 * ```ts
 * const damaged = await findDamagedObjects({ repo, oids: [runTip], since: run.startedAt });
 * for (const d of damaged) console.log(`${d.oid} ${d.problem}: ${d.reason}`);
 * ```
 */
export async function findDamagedObjects({ repo, oids, since, limit = 200_000 }: FindDamagedObjectsOptions): Promise<DamagedObject[]> {
  const found: DamagedObject[] = [];
  const seen = new Set<string>();
  const hexLength = repo.objectFormat === 'sha256' ? 64 : 40;
  const stack = [...oids].filter((oid) => new RegExp(`^[0-9a-f]{${hexLength}}$`).test(oid));
  if (since !== undefined) stack.push(...(await looseSince(repo, since)));
  while (stack.length > 0 && seen.size < limit) {
    const oid = stack.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const path = looseObjectPath({ repo, oid });
    const loose = await checkLooseObject({ fs: repo.fs, path, oid });
    if (loose.state === 'damaged') {
      found.push({ oid, problem: 'damaged', path, reason: loose.reason });
      continue;
    }
    if (loose.state === 'missing') {
      if (readStoredObject({ repo, oid }) === null) found.push({ oid, problem: 'missing', path: null, reason: 'no pack or loose file holds it' });
      continue;
    }
    stack.push(...reached(loose.type, loose.data, hexLength));
  }
  return found.sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
}

/** The ids an object points at that belong to this repository (no parents: they are older). */
function reached(type: string, data: Buffer, hexLength: number): string[] {
  if (type === 'commit' || type === 'tag') {
    const match = new RegExp(`^(?:tree|object) ([0-9a-f]{${hexLength}})$`, 'm').exec(data.toString('latin1', 0, Math.min(data.length, 200)));
    return match?.[1] ? [match[1]] : [];
  }
  if (type !== 'tree') return [];
  const ids: string[] = [];
  const raw = hexLength / 2;
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const nul = data.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    // A gitlink (mode 160000) names a commit of another repository.
    if (data.toString('latin1', pos, space) !== '160000') ids.push(data.toString('hex', nul + 1, nul + 1 + raw));
    pos = nul + 1 + raw;
  }
  return ids;
}

/** Ids of the loose objects whose file changed at or after `since`. */
async function looseSince(repo: Repository, since: number): Promise<string[]> {
  const fs = repo.fs.promises;
  const objects = join(repo.commonDir, 'objects');
  const ids: string[] = [];
  const folders = await fs.readdir(objects).catch(() => [] as string[]);
  for (const folder of folders) {
    if (!/^[0-9a-f]{2}$/.test(folder)) continue;
    for (const name of await fs.readdir(join(objects, folder)).catch(() => [] as string[])) {
      if (!/^[0-9a-f]+$/.test(name)) continue;
      const stat = await fs.stat(join(objects, folder, name)).catch(() => null);
      if (stat && stat.mtimeMs >= since) ids.push(folder + name);
    }
  }
  return ids;
}
