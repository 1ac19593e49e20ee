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
  // Fixed layout first: "tree <hex>\n" then "parent <hex>\n" lines.
  if (data.toString('latin1', 0, 5) !== 'tree ') {
    throw new StateError(`Commit ${oid} does not start with a tree line; run "git fsck" to find the damage.`, { oid });
  }
  let lineEnd = data.indexOf(10, 5);
  if (lineEnd < 0) lineEnd = data.length;
  const tree = data.toString('latin1', 5, lineEnd);
  const parents: string[] = [];
  let at = lineEnd + 1;
  while (at + 7 < data.length && data[at] === 0x70 && data.toString('latin1', at, at + 7) === 'parent ') {
    let end = data.indexOf(10, at);
    if (end < 0) end = data.length;
    parents.push(data.toString('latin1', at + 7, end));
    at = end + 1;
  }
  let headerEnd = data.indexOf('\n\n', at);
  if (headerEnd < 0) headerEnd = data.length;
  let committerTime = 0;
  const committer = at < headerEnd && data.toString('latin1', at, at + 10) === 'committer ' ? at : data.indexOf('\ncommitter ', at - 1) + 1;
  if (committer > 0 && committer < headerEnd) {
    let end = data.indexOf(10, committer);
    if (end < 0) end = data.length;
    const line = data.toString('latin1', committer, end);
    committerTime = Number.parseInt(line.slice(line.lastIndexOf('> ') + 2), 10) || 0;
  }
  return { tree, parents, committerTime };
}
