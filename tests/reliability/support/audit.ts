import { decodeAuditEvent, type AuditEvent } from '@relctl/core';
import { gitResult } from '@relctl/testing';

/** Every event of the audit log `ref` in `dir` (all commits reachable, oldest first), decoded by core. */
export function readEvents(dir: string, ref = 'refs/relctl/log'): AuditEvent[] {
  const result = gitResult(dir, ['log', '--reverse', '--topo-order', '--format=%H%x00%an <%ae>%x00%at%x00%B%x1e', ref], { allowFailure: true });
  if (result.status !== 0) return [];
  return result.stdout
    .split('\x1e')
    .map((chunk) => chunk.replace(/^\n/, ''))
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [id = '', actor = '', at = '0', message = ''] = chunk.split('\x00');
      return decodeAuditEvent({ id, actor, at: Number(at) * 1000, message });
    });
}

/** `type env ids` of each event, e.g. `promoted prod A,C` (for comparing logs without times). */
export function eventLine(event: AuditEvent): string {
  return `${event.type} ${event.env ?? '-'} ${(event.requestIds ?? []).join(',')}`;
}
