import { CONFIG_SEARCH_PLACES } from './config-search-places.js';

/** A config file found by {@link findConfigFile}. */
export interface FoundConfigFile {
  /** Slash-separated path from the repository root, e.g. `relctl.config.yaml`. */
  path: string;
  /** The file's bytes. */
  bytes: Uint8Array;
  /** `data`: JSON, YAML or a `package.json` key, parsed and never run; `code`: a JS/TS module. */
  kind: 'data' | 'code';
  /** For `package.json`: the value of its `relctl` key (the config), as parsed. */
  packageValue?: unknown;
}

/** Options of {@link findConfigFile}. */
export interface FindConfigFileOptions {
  /** Slash-separated folder to start in, relative to the repository root (`''`: the root). */
  dir: string;
  /** A file's bytes by its path from the repository root, or `null` when there is none. */
  read: (path: string) => Promise<Uint8Array | null>;
}

const CODE = /\.(js|mjs|cjs|ts)$/;

/**
 * The config file relctl would use, searched the way cosmiconfig searches (each folder from `dir`
 * up to the root, each name of {@link CONFIG_SEARCH_PLACES} in order; a `package.json` counts
 * only when it has a `relctl` key) over any file reader: the checkout's files or a commit's tree.
 * Reads only; nothing is loaded or run.
 *
 * @example
 * ```ts
 * const committed = await findConfigFile({ dir: '', read: (path) => git.readFile(tip, path) });
 * ```
 */
export async function findConfigFile(options: FindConfigFileOptions): Promise<FoundConfigFile | null> {
  const parts = options.dir.split('/').filter((part) => part !== '' && part !== '.');
  for (let depth = parts.length; depth >= 0; depth--) {
    const prefix = parts.slice(0, depth).join('/');
    for (const name of CONFIG_SEARCH_PLACES) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const bytes = await options.read(path);
      if (bytes === null) continue;
      if (name === 'package.json') {
        const value = relctlKey(bytes);
        if (value === undefined) continue;
        return { path, bytes, kind: 'data', packageValue: value };
      }
      return { path, bytes, kind: CODE.test(name) ? 'code' : 'data' };
    }
  }
  return null;
}

/** The `relctl` key of a package.json, or `undefined` (no such key, or not JSON: not a config then). */
function relctlKey(bytes: Uint8Array): unknown {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, 'relctl')) return undefined;
    return (parsed as Record<string, unknown>)['relctl'];
  } catch {
    return undefined;
  }
}
