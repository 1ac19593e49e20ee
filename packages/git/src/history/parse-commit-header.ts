import { StateError } from '@relctl/core';

/** The parts of a commit the history index needs. */
export interface CommitHeader {
  tree: string;
  parents: string[];
  /** Committer date, seconds since the epoch. */
  committerTime: number;
}

/**
 * Read tree, parents and committer date from a raw commit object, the way git does: the
 * `tree` line first, then the run of `parent` lines right after it; later headers are never
 * taken for tree or parents.
 *
 * @example
 * ```ts
 * const { tree, parents, committerTime } = parseCommitHeader({ oid, data: store.read(oid)!.data });
 * ```
 */
export function parseCommitHeader(options: { oid: string; data: Buffer }): CommitHeader {
  const { oid, data } = options;
  let end = data.indexOf('\n\n');
  if (end < 0) end = data.length;
  const lines = data.toString('latin1', 0, end).split('\n');
  const first = lines[0] ?? '';
  if (!first.startsWith('tree ')) {
    throw new StateError(`Commit ${oid} does not start with a tree line; run "git fsck" to find the damage.`, { oid });
  }
  const parents: string[] = [];
  let index = 1;
  for (; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (!line.startsWith('parent ')) break;
    parents.push(line.slice(7));
  }
  let committerTime = 0;
  for (; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (!line.startsWith('committer ')) continue;
    const close = line.lastIndexOf('> ');
    committerTime = Number.parseInt(line.slice(close + 2), 10) || 0;
    break;
  }
  return { tree: first.slice(5), parents, committerTime };
}
