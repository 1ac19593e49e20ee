import type { GitPort, Sha, TreeEntry } from '@relctl/core';
import { matchGlob } from '../glob/match-glob.js';
import { matchGlobSegment } from '../glob/match-glob-segment.js';
import { splitPath } from '../glob/split-path.js';

/**
 * Options of {@link listWorkspaceDirs}.
 *
 * @example
 * ```ts
 * const dirs = await listWorkspaceDirs({ git, tree, patterns: ['packages/*', 'apps/*'] });
 * ```
 */
export interface ListWorkspaceDirsOptions {
  git: GitPort;
  /** The root tree to search. */
  tree: Sha;
  /** The root `package.json` `workspaces` globs (`packages/*`, `apps/**`, `!packages/legacy`). */
  patterns: string[];
}

/** Deepest folder a `**` walks into. */
const MAX_DEPTH = 12;

/**
 * The workspace package folders of a tree, as npm finds them: folders matching a `workspaces`
 * glob that hold a `package.json`, minus those matching a `!` glob; `node_modules` and dot
 * folders are skipped, patterns leaving the repository (`..`) are ignored. Reads only the trees
 * the globs reach, through the git port (never a checkout). Sorted.
 *
 * @example
 * ```ts
 * await listWorkspaceDirs({ git, tree, patterns: ['packages/*'] }); // ['packages/lib-a', 'packages/lib-b']
 * ```
 */
export async function listWorkspaceDirs(options: ListWorkspaceDirsOptions): Promise<string[]> {
  const { git } = options;
  const cache = new Map<Sha, Promise<TreeEntry[]>>();
  const entriesOf = (tree: Sha): Promise<TreeEntry[]> => {
    let entries = cache.get(tree);
    if (!entries) {
      entries = git.readTree(tree);
      cache.set(tree, entries);
    }
    return entries;
  };
  const walkable = (entry: TreeEntry) => entry.type === 'tree' && entry.path !== 'node_modules';
  const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
  type Folder = { dir: string; tree: Sha; depth: number };

  const positive = options.patterns.filter((pattern) => typeof pattern === 'string' && !pattern.startsWith('!'));
  const negative = options.patterns.filter((pattern) => typeof pattern === 'string' && pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const found = new Set<string>();

  for (const pattern of positive) {
    const segments = splitPath(pattern);
    if (segments.length === 0 || segments.includes('..')) continue;
    let frontier: Folder[] = [{ dir: '', tree: options.tree, depth: 0 }];
    for (const segment of segments) {
      const next = new Map<string, Folder>();
      for (const folder of frontier) {
        if (segment === '**') {
          const stack = [folder];
          while (stack.length > 0) {
            const current = stack.pop() as Folder;
            next.set(current.dir, current);
            if (current.depth >= MAX_DEPTH) continue;
            for (const entry of await entriesOf(current.tree)) {
              if (walkable(entry) && !entry.path.startsWith('.')) {
                stack.push({ dir: join(current.dir, entry.path), tree: entry.oid, depth: current.depth + 1 });
              }
            }
          }
          continue;
        }
        for (const entry of await entriesOf(folder.tree)) {
          if (walkable(entry) && matchGlobSegment({ pattern: segment, name: entry.path })) {
            const dir = join(folder.dir, entry.path);
            next.set(dir, { dir, tree: entry.oid, depth: folder.depth + 1 });
          }
        }
      }
      frontier = [...next.values()];
    }
    for (const folder of frontier) {
      if (folder.dir === '' || found.has(folder.dir)) continue;
      const entries = await entriesOf(folder.tree);
      if (entries.some((entry) => entry.path === 'package.json' && entry.type === 'blob')) found.add(folder.dir);
    }
  }
  return [...found].filter((dir) => !negative.some((pattern) => matchGlob({ path: dir, pattern }))).sort();
}
