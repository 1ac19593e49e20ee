import type { CommitData, GitIdentity, GitPort } from '@relctl/core';
import { RESOLUTIONS_PREFIX } from './resolution-key.js';

/**
 * Options of {@link recordResolution}.
 *
 * @example
 * ```ts
 * await recordResolution({ git, key, path: 'src/app.js', content: new TextEncoder().encode(resolved), source: mergeCommit, identity });
 * ```
 */
export interface RecordResolutionOptions {
  git: GitPort;
  /** From `resolutionKey`. */
  key: string;
  /** The path the conflict was in (for people; the key alone finds the resolution). */
  path: string;
  /** The resolved file content. */
  content: Uint8Array;
  /** The merge commit the resolution was learned from, when known. */
  source?: string;
  /** Who resolved it, and when (author and committer of the resolution commit). */
  identity: GitIdentity;
  /** Sign the resolution commit (e.g. with `signedCommit`): a resolution is code, and who wrote it should be provable. */
  sign?: (commit: CommitData) => Promise<CommitData>;
}

/**
 * Store a resolution: a commit (no parent) whose tree holds the resolved file as `resolved`, and
 * whose message names the path and the source merge, at `refs/relctl/resolutions/<key>`. It is
 * pushed and fetched like the audit log. An existing resolution of the same key is replaced.
 *
 * @returns The resolution commit.
 * @example
 * ```ts
 * await recordResolution({ git, key, path: 'src/app.js', content, identity });
 * ```
 */
export async function recordResolution(options: RecordResolutionOptions): Promise<string> {
  const { git, key, path, content, identity } = options;
  if (!/^[0-9a-f]{40}$/.test(key)) throw new Error(`"${key}" is not a resolution key (40 hex digits from resolutionKey).`);
  const tree = await git.editTree(null, [{ path: 'resolved', content }]);
  const lines = [`Resolution of ${path}`, '', `Relctl-Resolution-Path: ${path}`];
  if (options.source) lines.push(`Relctl-Resolution-Source: ${options.source}`);
  const data: CommitData = { tree, parents: [], message: `${lines.join('\n')}\n`, author: identity, committer: identity };
  const commit = await git.writeCommit(options.sign ? await options.sign(data) : data);
  const ref = `${RESOLUTIONS_PREFIX}${key}`;
  const current = await git.readRef(ref);
  if (current !== commit) await git.updateRefs([{ ref, expected: current, next: commit }], { message: `relctl: record resolution of ${path}` });
  return commit;
}
