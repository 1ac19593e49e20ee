import { NotFoundError, UsageError, type AuditEvent } from '@relctl/core';
import { deploymentHistory, type DeploymentRecord } from './deployment-history.js';

/**
 * Options of {@link rollbackTarget}.
 *
 * @example
 * ```ts
 * const target = rollbackTarget({ events, env: 'prod', to: '1.3.0' });
 * ```
 */
export interface RollbackTargetOptions {
  /** Audit events, oldest first. */
  events: readonly AuditEvent[];
  env: string;
  /** `--to`: a version, a full SHA, or a SHA prefix of at least 7 characters. */
  to?: string;
  /**
   * What the server runs without a deployment that verified it: a deploy killed after switching
   * to it (read from the deploy root, `liveRelease`). The log knows nothing of it, so it counts as
   * a failed last attempt: the target is then the last verified deployment.
   */
  unverified?: { sha: string; version: string | null } | null;
}

/**
 * What to roll back to, and what is (believed) live now.
 *
 * @example
 * ```ts
 * const { sha, version, current }: RollbackTarget = rollbackTarget({ events, env: 'prod' });
 * console.log(`roll back from ${current?.version} to ${version ?? sha}`);
 * ```
 */
export interface RollbackTarget {
  sha: string;
  version: string | null;
  /** The deployment record the target comes from. */
  deployment: DeploymentRecord;
  /** The latest successful deployment (what is live), or `null`. */
  current: DeploymentRecord | null;
}

/**
 * The deployment `relctl rollback <env> [--to …]` should redeploy, from the audit log.
 *
 * Without `to`: successful deployments form a stack; a successful rollback to X pops back to
 * X's entry (so rolling back twice goes two releases back, not back and forth). Then:
 * - when the latest attempt succeeded, the target is the newest entry below the top whose SHA
 *   differs from the live one;
 * - when the latest attempt failed, the target is the newest successful entry whose SHA differs
 *   from the failed one (the release that was live before the failed attempt);
 * - when the server runs an `unverified` release (a killed deploy), likewise: the newest
 *   successful entry whose SHA differs from it — the last verified release.
 *
 * With `to`: the newest successful deployment whose version equals `to`, or whose SHA equals or
 * starts with it (≥ 7 hex characters). Failures are typed: `NotFoundError` when nothing fits
 * (with how to list deployments), `UsageError` for an ambiguous SHA prefix.
 *
 * @example
 * ```ts
 * const target = rollbackTarget({ events, env: 'prod' });
 * await deployToDirectory({ ...options, sha: target.sha, version: target.version });
 * ```
 */
export function rollbackTarget(options: RollbackTargetOptions): RollbackTarget {
  const { env } = options;
  const history = deploymentHistory({ events: options.events, env }).filter((record) => record.sha !== null);
  const successes = history.filter((record) => record.ok);
  const stack: DeploymentRecord[] = [];
  for (const record of history) {
    if (!record.ok) continue;
    if (record.type === 'rolled-back') {
      const index = stack.findLastIndex((entry) => entry.sha === record.sha);
      if (index >= 0) {
        stack.length = index;
      }
    }
    stack.push(record);
  }
  const current = stack.at(-1) ?? null;
  const hint = `run "relctl log --deployments --env ${env}" to see what was deployed`;

  if (options.to !== undefined) {
    const to = options.to.trim();
    const byVersion = successes.findLast((record) => record.version === to);
    if (byVersion) return { sha: byVersion.sha!, version: byVersion.version, deployment: byVersion, current };
    const isPrefix = /^[0-9a-f]{7,64}$/i.test(to);
    const bySha = successes.filter((record) => record.sha === to || (isPrefix && record.sha!.startsWith(to.toLowerCase())));
    const shas = new Set(bySha.map((record) => record.sha));
    if (shas.size > 1) {
      throw new UsageError(`${to} matches several deployed SHAs of ${env} (${[...shas].map((sha) => sha!.slice(0, 12)).join(', ')}); give more characters.`, {
        env,
        to,
        matches: [...shas],
      });
    }
    const found = bySha.at(-1);
    if (found) return { sha: found.sha!, version: found.version, deployment: found, current };
    throw new NotFoundError(`no successful deployment of ${env} matches ${JSON.stringify(to)}; ${hint}.`, { env, to });
  }

  const last = history.at(-1);
  const unverified = options.unverified ?? null;
  let target: DeploymentRecord | undefined;
  if (unverified !== null) {
    target = stack.findLast((entry) => entry.sha !== unverified.sha);
  } else if (last && !last.ok) {
    target = stack.findLast((entry) => entry.sha !== last.sha);
  } else if (current) {
    target = stack.slice(0, -1).findLast((entry) => entry.sha !== current.sha);
  }
  if (!target) {
    throw new NotFoundError(`${env} has no earlier successful deployment to roll back to; ${hint}, or deploy a SHA with "relctl deploy ${env} --sha".`, { env });
  }
  return { sha: target.sha!, version: target.version, deployment: target, current };
}
