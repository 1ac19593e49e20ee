import type { PlannedResolution } from '../model/facts.js';
import { shortSha } from './short-sha.js';

/**
 * `the recorded resolution of README.md (9a8b7c6, recorded by Mallory <m@example.com>, unsigned)`.
 *
 * @example
 * ```ts
 * describeResolutions([{ requestId: 'A', env: 'prod', path: 'README.md', key, commit, by: 'Ann <ann@example.com>', signer: 'ann@example.com' }]);
 * ```
 */
export function describeResolutions(resolved: readonly PlannedResolution[]): string {
  const each = resolved.map((use) => {
    const signed = use.signer === undefined ? '' : use.signer === null ? ', not signed by an allowed signer' : `, signed by ${use.signer}`;
    return `${use.path} (${shortSha(use.commit)}, recorded by ${use.by}${signed})`;
  });
  return `the recorded resolution${resolved.length > 1 ? 's' : ''} of ${each.join(', ')}`;
}
