import type { SignatureCheck } from '@relctl/core';
import { listResolutions, RESOLUTIONS_PREFIX, verifyCommitSignature, type ResolutionInfo } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { resolutionPrefixes } from '../conflicts/resolution-prefixes.js';
import { readAllowedSigners } from '../facts/read-allowed-signers.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * One recorded conflict resolution as {@link listSharedResolutions} finds it.
 *
 * @example
 * ```ts
 * const item: SharedResolution = { key: '9f2c…', ref: 'refs/relctl/resolutions/9f2c…', commit: 'a1b2…', path: 'src/app.js', by: 'Kim <kim@example.com>', at: 0, source: null, where: 'here', signature: { status: 'unsigned' } };
 * ```
 */
export type SharedResolution = ResolutionInfo & { where: 'here' | 'remote'; signature: SignatureCheck };

/**
 * Options of {@link listSharedResolutions}.
 *
 * @example
 * ```ts
 * const options: ListSharedResolutionsOptions = { session };
 * ```
 */
export interface ListSharedResolutionsOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
}

/**
 * The conflict resolutions the team recorded, as `relctl resolutions list` shows them: this
 * clone's and the remote's (fetched first unless offline), sorted by key, each with where it is
 * and whether its commit's signature proves who recorded it.
 *
 * @example
 * ```ts
 * for (const item of await listSharedResolutions({ session })) console.log(item.path, item.by, item.signature.status);
 * ```
 */
export async function listSharedResolutions(options: ListSharedResolutionsOptions): Promise<SharedResolution[]> {
  const context = options.session;
  await readFromRemote(context);
  const allowedSigners = await readAllowedSigners(context);
  // Who recorded it is what its commit claims; the signature says whether that is proven.
  const found: SharedResolution[] = [];
  for (const item of await allResolutions(context)) {
    found.push({ ...item, signature: await verifyCommitSignature({ repo: context.repo, commit: item.commit, allowedSigners }) });
  }
  return found;
}

async function allResolutions(context: CliContext): Promise<Array<ResolutionInfo & { where: 'here' | 'remote' }>> {
  const [local, remote] = resolutionPrefixes(context.policy);
  const found: Array<ResolutionInfo & { where: 'here' | 'remote' }> = (await listResolutions({ git: context.git, prefix: local ?? RESOLUTIONS_PREFIX })).map((item) => ({
    ...item,
    where: 'here' as const,
  }));
  if (remote) {
    for (const item of await listResolutions({ git: context.git, prefix: remote })) {
      if (!found.some((known) => known.key === item.key)) found.push({ ...item, where: 'remote' });
    }
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
