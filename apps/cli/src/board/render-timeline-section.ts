import type { DeploymentRecord } from '@relctl/engine';
import { formatAge } from '../output/format.js';
import type { BoardData } from '@relctl/engine';
import { escapeHtml } from './escape-html.js';
import { formatDuration } from './format-duration.js';
import { formatUtc } from './format-utc.js';
import { renderBadge } from './render-badge.js';
import { renderSha } from './render-sha.js';

/** Rows shown per environment; older ones are counted, and `relctl log --deployments` lists them. */
const ROWS_PER_ENVIRONMENT = 25;

function recordRow(record: DeploymentRecord, now: number): string {
  const what = record.type === 'deployed' ? renderBadge({ tone: 'info', symbol: '↑', label: 'deployed' }) : renderBadge({ tone: 'warn', symbol: '↩', label: 'rolled back' });
  const result = record.ok ? renderBadge({ tone: 'ok', symbol: '✓', label: 'ok' }) : renderBadge({ tone: 'bad', symbol: '✗', label: 'FAILED' });
  const requests = record.requestIds.length === 0 ? '<span class="none">-</span>' : record.requestIds.map((id) => escapeHtml(id)).join(', ');
  return [
    `<tr class="${record.type === 'deployed' ? 'deployed' : 'rolled-back'} ${record.ok ? 'ok' : 'failed'}">`,
    `<td class="when">${escapeHtml(formatUtc(record.at))}<div class="ago">${escapeHtml(formatAge(now - record.at))} ago</div></td>`,
    `<td>${what}</td>`,
    `<td>${result}</td>`,
    `<td>${record.version === null ? '<span class="none">-</span>' : `v${escapeHtml(record.version)}`}</td>`,
    `<td>${renderSha(record.sha)}</td>`,
    `<td>${escapeHtml(record.actor)}</td>`,
    `<td>${requests}</td>`,
    `<td>${escapeHtml(formatDuration(record.durationMs))}</td>`,
    `<td>${record.reason === null ? '<span class="none">-</span>' : escapeHtml(record.reason)}</td>`,
    '</tr>',
  ].join('');
}

/**
 * The deployment timeline: for each environment, its deployments and rollbacks from the audit
 * log, newest first — when, what, result, version, SHA, who, requests, how long, reason (the
 * records of `relctl log --deployments`).
 *
 * @example
 * ```ts
 * const html = renderTimelineSection(data); // '<section id="deployments" …'
 * ```
 */
export function renderTimelineSection(data: BoardData): string {
  const head = ['<section id="deployments" aria-labelledby="deployments-title">', '<h2 id="deployments-title">Deployment timeline</h2>'];
  if (data.deployments.length === 0) {
    return [...head, '<p class="empty">No deployments recorded yet. Deploy with <code>relctl deploy &lt;env&gt;</code>.</p>', '</section>'].join('\n');
  }
  const names = [...new Set([...data.status.environments.map((env) => env.name), ...data.deployments.map((record) => record.env)])];
  const blocks = names.map((name) => {
    const records = data.deployments.filter((record) => record.env === name);
    const title = `<h3>${escapeHtml(name)}</h3>`;
    if (records.length === 0) return `${title}<p class="empty">Never deployed.</p>`;
    const shown = records.slice(0, ROWS_PER_ENVIRONMENT);
    const more =
      records.length > shown.length
        ? `<p class="more">${records.length - shown.length} earlier deployment(s) not shown; <code>relctl log --deployments --env ${escapeHtml(name)} --limit 0</code> lists them all.</p>`
        : '';
    return [
      title,
      '<div class="scroll"><table class="timeline"><thead><tr>',
      '<th scope="col">when (UTC)</th><th scope="col">what</th><th scope="col">result</th><th scope="col">version</th><th scope="col">sha</th><th scope="col">who</th><th scope="col">requests</th><th scope="col">took</th><th scope="col">reason</th>',
      `</tr></thead><tbody>${shown.map((record) => recordRow(record, data.status.now)).join('\n')}</tbody></table></div>`,
      more,
    ].join('');
  });
  return [...head, ...blocks, '</section>'].join('\n');
}
