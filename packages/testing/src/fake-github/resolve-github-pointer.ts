import type { GithubDescription } from './load-github-description.js';

/**
 * The node of GitHub's description at a JSON pointer, following `$ref`s (also the one the node
 * itself is), or `null` when the pointer leads nowhere.
 *
 * @example
 * ```ts
 * resolveGithubPointer(description, '/components/parameters/per-page/schema'); // { type: 'integer', default: 30 }
 * ```
 */
export function resolveGithubPointer(description: GithubDescription, pointer: string): unknown {
  let node: unknown = walk(description.document, pointer);
  for (let hops = 0; hops < 10; hops += 1) {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    node = walk(description.document, ref.slice(1));
  }
  return node ?? null;
}

function walk(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')]),
      document,
    );
}
