import type { MatrixCell } from '@relctl/core';
import type { BoardConflicts, BoardData } from '@relctl/engine';
import { escapeHtml } from './escape-html.js';
import { renderBadge } from './render-badge.js';
import { renderSha } from './render-sha.js';

const label = (id: string): string => (id.startsWith('env:') ? id.slice(4) : id);

function cellOf(matrix: BoardConflicts, a: string, b: string): MatrixCell | undefined {
  return matrix.cells.find((cell) => (cell.a === a && cell.b === b) || (cell.a === b && cell.b === a));
}

function matrixCell(matrix: BoardConflicts, row: string, column: string): string {
  if (row === column) return '<td class="self"><span aria-label="same request">—</span></td>';
  const cell = cellOf(matrix, row, column);
  if (cell === undefined) return `<td>${renderBadge({ tone: 'muted', symbol: '?', label: 'not merged' })}</td>`;
  if (cell.clean) return `<td class="clean">${renderBadge({ tone: 'ok', symbol: '✓', label: 'clean' })}</td>`;
  const files = `${cell.paths.length} file${cell.paths.length === 1 ? '' : 's'}`;
  return `<td class="conflict">${renderBadge({ tone: 'bad', symbol: '✗', label: 'conflict', title: cell.paths.join('\n') })} <span class="files">${files}</span></td>`;
}

/**
 * The conflict matrix of the pending requests (`relctl conflicts --all`): one row and column per
 * request plus a column for the release environment's tip, each cell a trial merge — clean or
 * conflict — and below it every conflict with its paths.
 *
 * @example
 * ```ts
 * const html = renderConflictsSection(data); // '<section id="conflicts" …'
 * ```
 */
export function renderConflictsSection(data: BoardData): string {
  const matrix = data.conflicts;
  const head = ['<section id="conflicts" aria-labelledby="conflicts-title">', '<h2 id="conflicts-title">Conflict matrix</h2>'];
  const base = matrix.base === null ? '' : ` and with ${escapeHtml(matrix.base.env)} at ${renderSha(matrix.base.tip)}`;
  if (matrix.requests.length === 0) {
    return [...head, `<p class="empty">No pending request (${escapeHtml(matrix.scope)}); nothing to merge.</p>`, '</section>'].join('\n');
  }
  const ids = matrix.requests.map((request) => request.id);
  const columns = [...ids, ...(matrix.base === null ? [] : [`env:${matrix.base.env}`])];
  const header = `<thead><tr><th scope="col">request</th>${columns
    .map((column) => `<th scope="col">${escapeHtml(label(column))}${column.startsWith('env:') ? ' <span class="kind">tip</span>' : ''}</th>`)
    .join('')}</tr></thead>`;
  const rows = ids.map((row) => `<tr><th scope="row">${escapeHtml(row)}</th>${columns.map((column) => matrixCell(matrix, row, column)).join('')}</tr>`);
  const summary =
    matrix.conflicts.length === 0
      ? `<p class="all-clean">${renderBadge({ tone: 'ok', symbol: '✓', label: 'all clean' })} Every pair merges cleanly.</p>`
      : `<h3>${matrix.conflicts.length} conflict${matrix.conflicts.length === 1 ? '' : 's'}</h3><ul class="conflict-list">${matrix.conflicts
          .map(
            (cell) =>
              `<li><strong>${escapeHtml(cell.a)}</strong> × <strong>${escapeHtml(label(cell.b))}</strong>: ${cell.paths
                .map((path) => `<code>${escapeHtml(path)}</code>`)
                .join(', ')}</li>`,
          )
          .join('')}</ul>`;
  return [
    ...head,
    `<p>Trial merges of ${ids.length} request${ids.length === 1 ? '' : 's'} (${escapeHtml(matrix.scope)}) with each other${base}, on objects: nothing was changed.</p>`,
    `<div class="scroll"><table class="matrix">${header}<tbody>${rows.join('\n')}</tbody></table></div>`,
    summary,
    '</section>',
  ].join('\n');
}
