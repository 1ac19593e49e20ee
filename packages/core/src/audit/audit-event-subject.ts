import type { AuditEvent } from '../model/audit-event.js';

/**
 * The one-line, human subject of an audit event's log commit, e.g.
 * `relctl: promoted A, C -> prod`. Control characters in ids and names are dropped and the line
 * is kept under 100 characters; it is for people only (the data lives in the trailer).
 *
 * @example
 * ```ts
 * auditEventSubject({ type: 'promoted', requestIds: ['A', 'C'], env: 'prod', at: 0, actor: 'Kim <k@x>' });
 * // 'relctl: promoted A, C -> prod'
 * ```
 */
export function auditEventSubject(event: Pick<AuditEvent, 'type' | 'requestIds' | 'env' | 'sha' | 'data'>): string {
  const ids = (event.requestIds ?? []).map(clean).join(', ');
  const env = event.env === undefined ? '' : clean(event.env);
  const sha = event.sha === undefined ? '' : clean(event.sha).slice(0, 12);
  const data = event.data ?? {};
  const version = typeof data['version'] === 'string' ? clean(data['version']) : '';
  const rule = typeof data['rule'] === 'string' ? clean(data['rule']) : '';
  const to = env ? ` -> ${env}` : '';
  const on = env ? ` on ${env}` : '';
  let text: string;
  switch (event.type) {
    case 'request-created':
      text = `created ${data['hotfix'] === true ? 'hotfix' : 'request'} ${ids}`;
      break;
    case 'promoted':
      text = `promoted ${ids}${to}${Array.isArray(data['hotfixRules']) ? ' (hotfix rules)' : ''}`;
      break;
    case 'demoted':
      text = `demoted ${ids}${env ? ` from ${env}` : ''}`;
      break;
    case 'approved':
      text = `approved ${ids}${env ? ` for ${env}` : ''}`;
      break;
    case 'checked':
      text = `check ${clean(String(data['name'] ?? ''))} ${clean(String(data['result'] ?? ''))} on ${sha}`;
      break;
    case 'released':
      text = `released ${version || sha}${ids ? ` (${ids})` : ''}${on}`;
      break;
    case 'synced':
      text = `synced ${ids}`;
      break;
    case 'deployed':
      text = `deployed ${version || sha}${to}`;
      break;
    case 'rolled-back':
      text = `rolled back ${env}${sha ? ` to ${sha}` : ''}`;
      break;
    case 'overridden':
      text = `overrode ${rule || 'a rule'}${ids ? ` for ${ids}` : ''}${to}`;
      break;
    case 'lock-acquired':
      text = `lock acquired${on}`;
      break;
    case 'lock-released':
      text = `lock released${on}`;
      break;
    case 'promotion-closed':
      text = `closed ${clean(String(data['branch'] ?? 'a promotion branch'))} without merging${ids ? ` (${ids})` : ''}`;
      break;
    case 'closed':
      text = `closed request ${ids}`;
      break;
    case 'reopened':
      text = `reopened request ${ids}`;
      break;
    case 'reshipped':
      text = `prepared ${ids} to ship again`;
      break;
    case 'undone':
      text = `undid ${clean(String(event.data?.['command'] ?? 'a run'))}`;
      break;
    default:
      text = clean(String(event.type));
  }
  const subject = `relctl: ${text.replace(/\s+/g, ' ').trim()}`;
  return subject.length > 100 ? `${subject.slice(0, 97)}...` : subject;
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}
