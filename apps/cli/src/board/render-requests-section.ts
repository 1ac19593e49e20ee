import { describeCarry, type StatusCell, type StatusEnvironment, type StatusReport, type StatusRow } from '@relctl/core';
import { formatAge, shortSha } from '../output/format.js';
import type { BoardData } from '@relctl/engine';
import { escapeHtml } from './escape-html.js';
import { formatUtc } from './format-utc.js';
import { renderBadge } from './render-badge.js';
import { renderSha } from './render-sha.js';

const label = (id: string): string => (id.startsWith('env:') ? id.slice(4) : id);

/** How long the request has been where it is, with the exact start on hover. */
function age(cell: StatusCell): string {
  if (cell.waitedMs === undefined || cell.since === undefined) return '';
  return ` <span class="age" title="since ${escapeHtml(formatUtc(cell.since))}">for ${escapeHtml(formatAge(cell.waitedMs))}</span>`;
}

function envCell(row: StatusRow, env: StatusEnvironment): string {
  const cell = row.envs[env.name];
  if (cell === undefined || cell.state === 'absent') return `<td class="cell absent">${renderBadge({ tone: 'muted', symbol: '–', label: 'not in' })}</td>`;
  if (cell.state === 'stale') {
    const badge = renderBadge({ tone: 'warn', symbol: '!', label: 'stale', title: `${env.name} holds ${shortSha(cell.sha)}; the request moved to ${shortSha(row.head)}` });
    return `<td class="cell stale">${badge} <span class="holds">holds ${renderSha(cell.sha)}</span>${age(cell)}</td>`;
  }
  const shipped = env.kind === 'release';
  // relctl revert took the request's release out of production (status's `reverted` label).
  if (shipped && row.state === 'reverted') {
    const badge = renderBadge({
      tone: 'warn',
      symbol: '↩',
      label: 'reverted',
      title: `relctl revert took ${env.name}'s release of the request out; relctl request reship, then a promotion, ships it again`,
    });
    return `<td class="cell reverted">${badge}</td>`;
  }
  if (cell.carried !== undefined) {
    // An earlier head whose test record carries to the head: only trivial syncs since.
    const carried = describeCarry(cell.carried);
    const badge = renderBadge({ tone: 'ok', symbol: '✓', label: 'in · carried', title: `${env.name} holds ${shortSha(cell.sha)}, ${carried}` });
    return `<td class="cell in">${badge} <span class="holds">holds ${renderSha(cell.sha)}, ${escapeHtml(carried)}</span>${age(cell)}</td>`;
  }
  const badge = renderBadge({ tone: 'ok', symbol: '✓', label: shipped ? 'shipped' : 'in', title: `${env.name} holds the request's head ${shortSha(cell.sha)}` });
  return `<td class="cell in">${badge}${age(cell)}</td>`;
}

function approvals(row: StatusRow): string {
  const items = Object.entries(row.approvals).flatMap(([env, list]) =>
    list.map((approval) => {
      const when = `at ${formatUtc(approval.at)} for ${shortSha(approval.sha)}`;
      const badge = approval.carried
        ? renderBadge({ tone: 'ok', symbol: '✓', label: `${env} · carried`, title: `approved ${when}, ${describeCarry(approval.carried)}` })
        : approval.fresh
          ? renderBadge({ tone: 'ok', symbol: '✓', label: env, title: `approved ${when}` })
          : renderBadge({ tone: 'warn', symbol: '!', label: `${env} · stale`, title: `approved ${when}; the request moved since` });
      return `<li>${badge} ${escapeHtml(approval.by)}</li>`;
    }),
  );
  return items.length === 0 ? '<span class="none">none</span>' : `<ul class="plain">${items.join('')}</ul>`;
}

function dependencies(row: StatusRow, report: StatusReport): string {
  if (row.dependsOn.length === 0) return '<span class="none">-</span>';
  const items = row.dependsOn.map((id) => {
    const dependency = report.requests.find((candidate) => candidate.id === id);
    const state = dependency === undefined ? 'unknown request' : dependency.state;
    // A closed dependency will not ship unless reopened: as bad as an unknown one.
    const tone = dependency === undefined || dependency.state === 'closed' ? 'bad' : dependency.state === 'shipped' ? 'ok' : 'warn';
    return `<li><a href="#request-${escapeHtml(id)}">${escapeHtml(id)}</a> ${renderBadge({ tone, symbol: tone === 'ok' ? '✓' : '!', label: state })}</li>`;
  });
  return `<ul class="plain">${items.join('')}</ul>`;
}

function attention(row: StatusRow, data: BoardData): string {
  const items: string[] = [];
  const warning = row.maxAgeWarning;
  if (warning !== undefined) {
    items.push(
      `<li>${renderBadge({ tone: 'warn', symbol: '⏱', label: 'waiting too long' })} ${escapeHtml(formatAge(warning.waitedMs))} on ${escapeHtml(warning.env)} (limit ${warning.days}d)</li>`,
    );
  }
  // A check that is red, pending or not reported on the head blocks a checks rule: always shown, with its link.
  for (const check of (row.checks ?? []).filter((item) => item.result !== 'pass')) {
    const red = check.result === 'fail';
    const what = red ? 'failed' : check.result === 'pending' ? 'pending' : 'not reported';
    const name = check.url === undefined ? escapeHtml(check.name) : `<a href="${escapeHtml(check.url)}">${escapeHtml(check.name)}</a>`;
    const stuck = red && warning !== undefined ? ' — stuck on a red check' : '';
    items.push(`<li>${renderBadge({ tone: red ? 'bad' : 'warn', symbol: red ? '✗' : '…', label: `check ${what}` })} ${name} on ${renderSha(check.sha)}${stuck}</li>`);
  }
  for (const [env, cell] of Object.entries(row.envs)) {
    for (const item of cell.resolutions ?? []) {
      const title = `resolution ${shortSha(item.commit)}: code in neither the request nor the branch`;
      items.push(
        `<li>${renderBadge({ tone: 'warn', symbol: '✎', label: 'recorded resolution', title })} in ${escapeHtml(env)}: <code>${escapeHtml(item.path)}</code>, recorded by ${escapeHtml(item.by)}</li>`,
      );
    }
  }
  for (const cell of data.conflicts.conflicts) {
    if (cell.a !== row.id && cell.b !== row.id) continue;
    const other = label(cell.a === row.id ? cell.b : cell.a);
    const paths = cell.paths.map((path) => `<code>${escapeHtml(path)}</code>`).join(', ');
    items.push(`<li>${renderBadge({ tone: 'bad', symbol: '✗', label: 'conflict' })} with ${escapeHtml(other)}: ${paths}</li>`);
  }
  return items.length === 0 ? '<span class="none">-</span>' : `<ul class="plain">${items.join('')}</ul>`;
}

/** The marks under a request's id: `hotfix`, and `closed` (a reverted one says so in its production cell, as status does). */
function marks(row: StatusRow): string {
  const items: string[] = [];
  if (row.hotfix === true)
    items.push(renderBadge({ tone: 'info', symbol: '⚑', label: 'hotfix', title: "started with request new --hotfix: checked against the environments' hotfixRules" }));
  if (row.state === 'closed') items.push(renderBadge({ tone: 'muted', symbol: '✕', label: 'closed' }));
  return items.length === 0 ? '' : `<div class="marks">${items.join(' ')}</div>`;
}

/** Who closed the request, when and why (its `closed` event), under its title. */
function closedBy(row: StatusRow): string {
  if (row.closed === undefined) return '';
  const reason = row.closed.reason === undefined ? '' : `: ${escapeHtml(row.closed.reason)}`;
  return `<div class="closed-by">closed by ${escapeHtml(row.closed.actor)} at ${escapeHtml(formatUtc(row.closed.at))}${reason}</div>`;
}

function requestRow(row: StatusRow, data: BoardData): string {
  const requester = row.requester === undefined ? '' : `<div class="requester">asked by ${escapeHtml(row.requester)}</div>`;
  return [
    `<tr id="request-${escapeHtml(row.id)}" class="${row.state}">`,
    `<th scope="row"><span class="request-id">${escapeHtml(row.id)}</span>${marks(row)}<div class="head">head ${renderSha(row.head)}</div></th>`,
    `<td class="title">${escapeHtml(row.title)}${requester}${closedBy(row)}</td>`,
    ...data.status.environments.map((env) => envCell(row, env)),
    `<td>${approvals(row)}</td>`,
    `<td>${dependencies(row, data.status)}</td>`,
    `<td>${attention(row, data)}</td>`,
    '</tr>',
  ].join('');
}

/**
 * The requests × environments table: for each request (open and reverted ones first, then shipped
 * ones, then closed ones with who closed them and why — the rows `relctl status` shows, then the
 * ones only its `--all` shows) where it stands in every environment — in, stale (with the SHA the
 * environment holds), not in, or `reverted` in production — with a `hotfix` mark for a hotfix, how long it has waited there, its approvals (fresh, carried across a sync, or stale),
 * its dependencies and what needs attention (waiting too long, a recorded conflict resolution a
 * merge applied, conflicts from the matrix).
 *
 * @example
 * ```ts
 * const html = renderRequestsSection(data); // '<section id="requests" …'
 * ```
 */
export function renderRequestsSection(data: BoardData): string {
  const { status } = data;
  const head = ['<section id="requests" aria-labelledby="requests-title">', '<h2 id="requests-title">Requests × environments</h2>'];
  if (status.requests.length === 0) {
    return [...head, '<p class="empty">No requests yet. Start one with <code>relctl request new &lt;id&gt; --title …</code>.</p>', '</section>'].join('\n');
  }
  const columns = 3 + status.environments.length + 2;
  const header = [
    '<thead><tr>',
    '<th scope="col">request</th><th scope="col">title</th>',
    ...status.environments.map((env) => `<th scope="col">${escapeHtml(env.name)}</th>`),
    '<th scope="col">approvals</th><th scope="col">depends on</th><th scope="col">attention</th>',
    '</tr></thead>',
  ].join('');
  const group = (name: string, rows: StatusRow[]): string =>
    rows.length === 0
      ? ''
      : `<tbody><tr class="group"><th colspan="${columns}" scope="colgroup">${escapeHtml(name)} (${rows.length})</th></tr>${rows
          .map((row) => requestRow(row, data))
          .join('\n')}</tbody>`;
  // The groups of `relctl status`: what its table shows (open and reverted), then what it hides
  // unless --all (shipped, then closed), each under its own heading.
  const open = status.requests.filter((row) => !row.hidden);
  const shipped = status.requests.filter((row) => row.hidden && row.state === 'shipped');
  const closed = status.requests.filter((row) => row.hidden && row.state !== 'shipped');
  return [
    ...head,
    `<div class="scroll"><table class="requests">${header}${group('Open', open)}${group('Shipped', shipped)}${group('Closed', closed)}</table></div>`,
    '</section>',
  ].join('\n');
}
