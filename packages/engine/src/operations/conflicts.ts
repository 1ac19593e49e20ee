import { UsageError, type ConflictMatrix, type Facts, type MatrixRequest } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { computeConflictMatrix } from '../conflicts/compute-conflict-matrix.js';
import { openRequests } from '../conflicts/open-requests.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { findEnvironment } from '../shared/find-environment.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link conflicts}.
 *
 * @example
 * ```ts
 * const options: ConflictsOptions = { session, all: true, cache: false };
 * ```
 */
export interface ConflictsOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The integration environment whose requests to compare (default: the first integration environment). */
  env?: string;
  /** Every open request (not yet in production, not closed) instead. */
  all?: boolean;
  /** Reuse earlier results by commit pair, and save the new ones (default true). */
  cache?: boolean;
  /** Called after each merge actually run (not for cached pairs). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The conflict matrix {@link conflicts} computed, and what it cost.
 *
 * @example
 * ```ts
 * const { scope, matrix, computed, cached }: ConflictsResult = await conflicts({ session });
 * ```
 */
export interface ConflictsResult {
  /** Which requests were merged: an environment's name, or `all open requests`. */
  scope: string;
  matrix: ConflictMatrix;
  /** Pairs in the matrix. */
  pairs: number;
  /** Pairs merged now. */
  computed: number;
  /** Pairs taken from the cache. */
  cached: number;
  /** How long it took, by the session's clock. */
  elapsedMs: number;
}

/**
 * Trial-merge every pair of pending requests, and each with production, on objects (moving no
 * ref), as `relctl conflicts` does: the requests an integration environment holds at their
 * current heads (minus those already released), or with `all` every open request.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const { matrix } = await conflicts({ session, all: true });
 *   for (const pair of matrix.conflicts) console.log(pair.a, pair.b, pair.paths);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function conflicts(options: ConflictsOptions): Promise<ConflictsResult> {
  const context = options.session;
  await readFromRemote(context);
  const facts = await gatherFacts(context);
  const { scope, requests } = pendingRequests(context, facts, { ...(options.env !== undefined ? { env: options.env } : {}), all: options.all === true });
  const release = releaseEnvironment(context.policy);
  const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  const base = tip === null ? null : { env: release.name, tip };
  const started = context.io.now();
  const result = await computeConflictMatrix({ context, requests, base, cache: options.cache ?? true, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return { scope, ...result, elapsedMs: context.io.now() - started };
}

/** The requests to compare: an integration environment's members (at their current heads), or every open request. */
function pendingRequests(context: CliContext, facts: Facts, args: { env?: string; all: boolean }): { scope: string; requests: MatrixRequest[] } {
  const integration = args.env ? findEnvironment(context.policy, args.env) : context.policy.environments.find((env) => env.kind === 'integration');
  if (args.all || integration === undefined) return { scope: 'all open requests', requests: openRequests({ policy: context.policy, facts }) };
  const release = releaseEnvironment(context.policy);
  const releaseMembers = facts.environments.find((state) => state.name === release.name)?.members ?? [];
  const released = (id: string, sha: string) => releaseMembers.some((member) => member.requestId === id && member.sha === sha);
  if (integration.kind !== 'integration') {
    throw new UsageError(`${integration.name} is the release environment; name an integration environment (e.g. --env test), or use --all.`, {
      env: integration.name,
    });
  }
  const members = facts.environments.find((state) => state.name === integration.name)?.members ?? [];
  const requests = members
    .map((member) => ({ id: member.requestId, sha: facts.requests.find((request) => request.id === member.requestId)?.head ?? member.sha }))
    .filter((request) => !released(request.id, request.sha));
  return { scope: integration.name, requests };
}
