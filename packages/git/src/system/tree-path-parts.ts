import { UsageError } from '@relctl/core';

/**
 * Split a repository-relative, slash-separated path into its names, refusing what git could
 * not store or would resolve relative to the current folder: empty paths, `.`/`..`, `.git`,
 * NUL and newline characters. Leading, trailing and doubled slashes are ignored.
 *
 * @example
 * ```ts
 * treePathParts({ path: 'docs/guide/intro.md' }); // ['docs', 'guide', 'intro.md']
 * ```
 */
export function treePathParts(options: { path: string }): string[] {
  const parts = options.path.split('/').filter((part) => part.length > 0);
  const bad = parts.find((part) => part === '.' || part === '..' || part.toLowerCase() === '.git' || /[\0\n]/.test(part));
  if (parts.length === 0 || bad !== undefined) {
    throw new UsageError(`invalid path ${JSON.stringify(options.path)} in a tree; use a repository-relative path like "docs/a.md".`, {
      path: options.path,
    });
  }
  return parts;
}
