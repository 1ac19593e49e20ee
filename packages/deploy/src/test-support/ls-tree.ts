import { git } from '@relctl/testing';

/**
 * `git ls-tree -r --full-tree <commit>` as lines sorted by path, with file names unquoted
 * (`-z`), in the format {@link treeListing} produces.
 *
 * @example
 * ```ts
 * lsTree(repo.dir, 'main');
 * ```
 */
export function lsTree(repoDir: string, commit: string): string[] {
  const out = git(repoDir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  return out
    .split('\0')
    .filter((line) => line !== '')
    .sort((a, b) => {
      const pa = a.slice(a.indexOf('\t') + 1);
      const pb = b.slice(b.indexOf('\t') + 1);
      return pa < pb ? -1 : pa > pb ? 1 : 0;
    });
}
