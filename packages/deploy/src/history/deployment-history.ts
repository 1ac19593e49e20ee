import type { AuditEvent } from '@relctl/core';

/**
 * One deployment (or rollback) as recorded in the audit log.
 *
 * @example
 * ```ts
 * const [latest]: DeploymentRecord[] = deploymentHistory({ events, env: 'prod' }).slice(-1);
 * if (latest && !latest.ok) console.log(`last ${latest.type} of ${latest.version ?? latest.sha} failed`);
 * ```
 */
export interface DeploymentRecord {
  type: 'deployed' | 'rolled-back';
  env: string;
  at: number;
  actor: string;
  /** The deployed SHA (`event.sha`, else `data.sha`); `null` when the event names none. */
  sha: string | null;
  version: string | null;
  /** `data.ok`; an event without it counts as successful. */
  ok: boolean;
  durationMs: number | null;
  requestIds: string[];
  reason: string | null;
  /** The log commit holding the event, when read back from the log. */
  id: string | null;
}

/**
 * Options of {@link deploymentHistory}.
 *
 * @example
 * ```ts
 * const all = deploymentHistory({ events }); // every environment, oldest first
 * ```
 */
export interface DeploymentHistoryOptions {
  /** Audit events, oldest first. */
  events: readonly AuditEvent[];
  /** Only this environment's deployments. */
  env?: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The deployments and rollbacks in the audit log, oldest first, as flat records: who, when,
 * which SHA and version, which requests, how long, whether it worked (for
 * `relctl log --deployments [--env …]`). Events are read as `deployed` / `rolled-back` with
 * `data: { ok, version, sha, durationMs }`.
 *
 * @example
 * ```ts
 * for (const d of deploymentHistory({ events, env: 'prod' })) console.log(d.at, d.version ?? d.sha, d.ok ? 'ok' : 'FAILED');
 * ```
 */
export function deploymentHistory(options: DeploymentHistoryOptions): DeploymentRecord[] {
  const out: DeploymentRecord[] = [];
  for (const event of options.events) {
    if (event.type !== 'deployed' && event.type !== 'rolled-back') continue;
    if (event.env === undefined || (options.env !== undefined && event.env !== options.env)) continue;
    const data = event.data ?? {};
    const duration = data['durationMs'];
    out.push({
      type: event.type,
      env: event.env,
      at: event.at,
      actor: event.actor,
      sha: event.sha ?? text(data['sha']),
      version: text(data['version']),
      ok: data['ok'] !== false,
      durationMs: typeof duration === 'number' && Number.isFinite(duration) ? duration : null,
      requestIds: [...(event.requestIds ?? [])],
      reason: event.reason ?? null,
      id: event.id ?? null,
    });
  }
  return out;
}
