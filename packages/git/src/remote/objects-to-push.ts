import git from 'isomorphic-git';
import type { Repository } from '../repo/index.js';
import { errorCode } from './error-code.js';

/** Options of {@link objectsToPush}. */
export interface ObjectsToPushOptions {
  repo: Repository;
  /** The values being pushed (commits or annotated tags). */
  tips: readonly string[];
  /** Objects the remote already has (its advertised refs, tags peeled or not); ids missing locally are ignored. */
  haves: readonly string[];
}

type TreeEntry = { path: string; oid: string; type: string };

/**
 * The ids of every object the remote needs to accept `tips`: commits reachable from a tip and not
 * from a have (git's date-ordered "paint down"), annotated tags on the way, and the trees and
 * blobs of those commits except the ones already at the same path in a boundary commit (a have's
 * ancestor that a new commit builds on). When in doubt an object is sent: a pack with an object
 * too many is accepted, one too few is not.
 *
 * @example
 * ```ts
 * const oids = await objectsToPush({ repo, tips: [newMain], haves: [remoteMain] });
 * ```
 */
export async function objectsToPush(options: ObjectsToPushOptions): Promise<string[]> {
  const { repo } = options;
  const { fs, commonDir: gitdir, cache } = repo;
  const send = new Set<string>();

  // Peel annotated tags (the tag objects are sent unless the remote has them).
  const haveSet = new Set(options.haves);
  const peel = async (oid: string, sendTags: boolean): Promise<string | null> => {
    for (let depth = 0; depth < 10; depth += 1) {
      let read: { type: string; object: unknown };
      try {
        read = (await git.readObject({ fs, gitdir, cache, oid, format: 'parsed' })) as { type: string; object: unknown };
      } catch (error) {
        if (errorCode(error) === 'NotFoundError') return null;
        throw error;
      }
      if (read.type !== 'tag') return read.type === 'commit' ? oid : null;
      if (sendTags && !haveSet.has(oid)) send.add(oid);
      oid = (read.object as { object: string }).object;
    }
    return null;
  };

  const info = new Map<string, { date: number; parents: string[]; tree: string }>();
  const load = async (oid: string): Promise<boolean> => {
    if (info.has(oid)) return true;
    try {
      const { commit } = await git.readCommit({ fs, gitdir, cache, oid });
      info.set(oid, { date: commit.committer.timestamp, parents: commit.parent, tree: commit.tree });
      return true;
    } catch (error) {
      if (errorCode(error) === 'NotFoundError') return false;
      throw error;
    }
  };

  const flag = new Map<string, 'in' | 'out'>();
  const queue: string[] = [];
  const mark = async (oid: string, value: 'in' | 'out'): Promise<void> => {
    const current = flag.get(oid);
    if (current === 'out' || current === value) return;
    if (!(await load(oid))) {
      if (value === 'out') return; // an ancestor of a have the clone lacks (shallow): nothing to send
      throw Object.assign(new Error(`commit ${oid} is missing from the local repository`), { code: 'NotFoundError' });
    }
    flag.set(oid, value);
    queue.push(oid);
  };
  for (const have of options.haves) {
    const commit = await peel(have, false);
    if (commit) await mark(commit, 'out');
  }
  for (const tip of options.tips) {
    const commit = await peel(tip, true);
    if (commit) await mark(commit, 'in');
  }
  // Newest first; stop once nothing left to look at can still be new.
  while (queue.some((oid) => flag.get(oid) === 'in')) {
    let newest = 0;
    for (let index = 1; index < queue.length; index += 1) {
      if ((info.get(queue[index] as string)?.date ?? 0) > (info.get(queue[newest] as string)?.date ?? 0)) newest = index;
    }
    const [oid] = queue.splice(newest, 1) as [string];
    const value = flag.get(oid) as 'in' | 'out';
    for (const parent of info.get(oid)?.parents ?? []) await mark(parent, value);
  }

  const commits = [...flag].filter(([, value]) => value === 'in').map(([oid]) => oid);
  const boundary = new Set<string>();
  for (const oid of commits) {
    for (const parent of info.get(oid)?.parents ?? []) if (flag.get(parent) === 'out') boundary.add(info.get(parent)?.tree as string);
  }

  const trees = new Map<string, TreeEntry[]>();
  const readTree = async (oid: string): Promise<TreeEntry[]> => {
    let entries = trees.get(oid);
    if (!entries) {
      entries = (await git.readTree({ fs, gitdir, cache, oid })).tree.map(({ path, oid: id, type }) => ({ path, oid: id, type }));
      trees.set(oid, entries);
    }
    return entries;
  };
  const handled = new Set<string>();
  const addTree = async (oid: string, bases: readonly string[]): Promise<void> => {
    if (handled.has(oid)) return;
    handled.add(oid);
    if (bases.includes(oid)) return; // the remote has this very tree
    send.add(oid);
    const atPath = new Map<string, TreeEntry[]>();
    for (const base of bases) {
      for (const entry of await readTree(base)) atPath.set(entry.path, [...(atPath.get(entry.path) ?? []), entry]);
    }
    for (const entry of await readTree(oid)) {
      const same = atPath.get(entry.path) ?? [];
      if (entry.type === 'tree') {
        await addTree(
          entry.oid,
          same.filter((other) => other.type === 'tree').map((other) => other.oid),
        );
      } else if (entry.type === 'blob' && !same.some((other) => other.oid === entry.oid)) {
        send.add(entry.oid);
      }
      // gitlinks (submodule commits) are not objects of this repository
    }
  };
  for (const oid of commits) {
    send.add(oid);
    await addTree(info.get(oid)?.tree as string, [...boundary]);
  }
  return [...send];
}
