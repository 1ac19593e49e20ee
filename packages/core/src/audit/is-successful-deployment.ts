import type { AuditEvent } from '../model/audit-event.js';

/**
 * Whether an audit event records a deploy or rollback that succeeded. Deploy events carry the
 * outcome as `data.ok`; a failed deploy left the previous release serving, so it must not count
 * as "deployed" anywhere (status, the `verified-candidate` rule). Events written before the
 * outcome was recorded have no `data.ok` and count as successful.
 *
 * @example
 * ```ts
 * isSuccessfulDeployment({ type: 'deployed', env: 'prod', data: { ok: false }, at: 0, actor: 'kim' }); // false
 * ```
 */
export function isSuccessfulDeployment(event: Pick<AuditEvent, 'type' | 'data'>): boolean {
  if (event.type !== 'deployed' && event.type !== 'rolled-back') return false;
  return event.data?.['ok'] !== false;
}
