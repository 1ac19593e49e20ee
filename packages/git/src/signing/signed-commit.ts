import type { CommitData } from '@relctl/core';
import { renderCommitObject } from '../isomorphic/render-commit-object.js';
import { signPayload, type SigningKey } from './sign-payload.js';

/**
 * Options of {@link signedCommit}.
 *
 * @example
 * ```ts
 * const commit = await signedCommit({ commit: data, signingKey, env: process.env });
 * ```
 */
export interface SignedCommitOptions {
  commit: CommitData;
  signingKey: SigningKey;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The commit with its signature: the commit object's bytes (as both git ports write them) signed
 * with {@link signPayload}; `git.writeCommit` of the result writes a commit `git verify-commit`
 * accepts.
 *
 * @example
 * ```ts
 * const sha = await git.writeCommit(await signedCommit({ commit: { tree, parents, message, author, committer }, signingKey, env }));
 * ```
 */
export async function signedCommit(options: SignedCommitOptions): Promise<CommitData> {
  const { signature: _old, ...unsigned } = options.commit;
  const signature = await signPayload({ signingKey: options.signingKey, payload: renderCommitObject({ commit: unsigned }), env: options.env });
  return { ...unsigned, signature };
}
