import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';

/**
 * Options of {@link looseObjectPath}.
 *
 * @example
 * ```ts
 * const path = looseObjectPath({ repo, oid } satisfies LooseObjectPathOptions);
 * ```
 */
export interface LooseObjectPathOptions {
  repo: Repository;
  oid: string;
}

/**
 * Where git keeps `oid` as a loose object: `<commonDir>/objects/<first 2 hex>/<the rest>`.
 *
 * @example
 * ```ts
 * looseObjectPath({ repo, oid: 'cb1bcc11…' }); // '/work/app/.git/objects/cb/1bcc11…'
 * ```
 */
export function looseObjectPath({ repo, oid }: LooseObjectPathOptions): string {
  return join(repo.commonDir, 'objects', oid.slice(0, 2), oid.slice(2));
}
