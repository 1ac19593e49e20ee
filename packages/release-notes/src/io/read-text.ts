import type { GitPort, Sha } from '@relctl/core';

/** Options of {@link readText}. */
export interface ReadTextOptions {
  git: GitPort;
  /** A commit or tree. */
  tree: Sha;
  /** Slash-separated path inside it. */
  path: string;
}

const decoder = new TextDecoder('utf-8');

/**
 * A file of a tree as UTF-8 text (invalid bytes become U+FFFD), or `null` when it is absent.
 *
 * @example
 * ```ts
 * const text = await readText({ git, tree: commit, path: 'package.json' });
 * ```
 */
export async function readText(options: ReadTextOptions): Promise<string | null> {
  const bytes = await options.git.readFile(options.tree, options.path);
  return bytes === null ? null : decoder.decode(bytes);
}
