import { readConfigValue } from '../refs/read-config-value.js';
import type { Repository } from '../repo/repository.js';
import { parseFsyncComponents } from './parse-fsync-components.js';

/**
 * Which files written into the object database are fsynced before they are renamed into place.
 *
 * @example
 * ```ts
 * const { looseObjects }: ObjectFsyncPolicy = await readObjectFsyncPolicy({ repo });
 * ```
 */
export interface ObjectFsyncPolicy {
  /** Loose objects: git's default is no (`core.fsync` without `loose-object`). */
  looseObjects: boolean;
  /** Pack files (`core.fsync` component `pack`): git's default is yes. */
  packs: boolean;
  /** Pack indexes and other files beside packs (`pack-metadata`): git's default is yes. */
  packIndexes: boolean;
}

/**
 * Options of {@link readObjectFsyncPolicy}.
 *
 * @example
 * ```ts
 * const policy = await readObjectFsyncPolicy({ repo } satisfies ReadObjectFsyncPolicyOptions);
 * ```
 */
export interface ReadObjectFsyncPolicyOptions {
  repo: Repository;
}

const KEY = 'objects:fsync-policy';

/**
 * What git would fsync when it writes objects into this repository: `core.fsync` (see
 * {@link parseFsyncComponents}), and the older `core.fsyncObjectFiles`, which, when true, fsyncs
 * every loose object whatever `core.fsync` says. `core.fsyncMethod` is not read: a file that is
 * to be synced gets a full `fsync`. Read from the repository's own config (like relctl's other
 * git settings), once per opened repository.
 *
 * @example
 * ```ts
 * const policy = await readObjectFsyncPolicy({ repo }); // { looseObjects: false, packs: true, packIndexes: true } by default
 * ```
 */
export function readObjectFsyncPolicy({ repo }: ReadObjectFsyncPolicyOptions): Promise<ObjectFsyncPolicy> {
  const cached = repo.extensions.get(KEY) as Promise<ObjectFsyncPolicy> | undefined;
  if (cached) return cached;
  const policy = (async (): Promise<ObjectFsyncPolicy> => {
    const components = parseFsyncComponents({ value: await readConfigValue({ repo, key: 'core.fsync' }) });
    const legacy = (await readConfigValue({ repo, key: 'core.fsyncObjectFiles' }))?.toLowerCase();
    const legacyOn = legacy !== undefined && ['true', 'yes', 'on', '1'].includes(legacy);
    return { looseObjects: legacyOn || components.has('loose-object'), packs: components.has('pack'), packIndexes: components.has('pack-metadata') };
  })();
  repo.extensions.set(KEY, policy);
  return policy;
}
