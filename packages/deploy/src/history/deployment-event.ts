import type { AuditEventDraft, Sha } from '@relctl/core';

/**
 * Options of {@link deploymentEvent}.
 *
 * @example
 * ```ts
 * deploymentEvent({ type: 'rolled-back', env: 'prod', sha, version: '1.3.0', result: { ok: true, exitCode: 0, durationMs: 4200 }, reason: 'checkout errors' });
 * ```
 */
export interface DeploymentEventOptions {
  /** `deployed` for a deploy, `rolled-back` for a rollback. */
  type: 'deployed' | 'rolled-back';
  env: string;
  sha: Sha;
  version?: string | null;
  requestIds?: readonly string[];
  /** The deploy's outcome. */
  result: { ok: boolean; exitCode: number | null; durationMs: number };
  /** A rollback's or override's reason. */
  reason?: string;
  /** Extra JSON-safe data (e.g. `{ release: '1.4.0', strategy: 'directory' }`). */
  data?: Record<string, unknown>;
}

/**
 * The audit event draft recording a deploy or rollback, in the shape `deploymentHistory` and
 * `rollbackTarget` read: `data: { ok, version, sha, durationMs, exitCode }`.
 *
 * @example
 * ```ts
 * const draft = deploymentEvent({ type: 'deployed', env: 'prod', sha, version: '1.4.0', requestIds: ['A'], result });
 * ```
 */
export function deploymentEvent(options: DeploymentEventOptions): AuditEventDraft {
  const draft: AuditEventDraft = {
    type: options.type,
    env: options.env,
    sha: options.sha,
    data: {
      ...options.data,
      ok: options.result.ok,
      version: options.version ?? null,
      sha: options.sha,
      durationMs: options.result.durationMs,
      exitCode: options.result.exitCode,
    },
  };
  if (options.requestIds && options.requestIds.length > 0) draft.requestIds = [...options.requestIds];
  if (options.reason !== undefined) draft.reason = options.reason;
  return draft;
}
