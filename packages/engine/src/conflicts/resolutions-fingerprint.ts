import { createHash } from 'node:crypto';
import type { CliContext } from '../context/open-context.js';
import { resolutionPrefixes } from './resolution-prefixes.js';

/**
 * Which conflict resolutions merges can reuse now (they change merge results): a hash of their
 * refs. The conflict cache is valid only for the fingerprint it was written with.
 */
export async function resolutionsFingerprint(context: CliContext): Promise<string> {
  const hash = createHash('sha1');
  for (const prefix of resolutionPrefixes(context.policy)) {
    for (const { ref, sha } of await context.git.listRefs(prefix)) hash.update(`${ref} ${sha}\n`);
  }
  return hash.digest('hex');
}
