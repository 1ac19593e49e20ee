import type { ConflictMatrix, MatrixCell } from '@relctl/core';
import type { Colors } from '../output/colors.js';
import { shortSha } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { quotePath } from '../output/printable.js';

const label = (id: string): string => (id.startsWith('env:') ? id.slice(4) : id);

function cellOf(matrix: ConflictMatrix, a: string, b: string): MatrixCell | undefined {
  return matrix.cells.find((cell) => (cell.a === a && cell.b === b) || (cell.a === b && cell.b === a));
}

const listPaths = (paths: readonly string[]): string =>
  paths.length <= 5 ? paths.map(quotePath).join(', ') : `${paths.slice(0, 5).map(quotePath).join(', ')} and ${paths.length - 5} more`;

function title(matrix: ConflictMatrix, scope: string): string {
  const base = matrix.base ? ` and ${matrix.base.env} at ${shortSha(matrix.base.tip)}` : '';
  return `${matrix.requests.length} request(s) of ${scope}${base}`;
}

/**
 * The matrix for a terminal: one row and column per request (and a column for the base
 * environment), `ok` for a clean merge, `CONFLICT` for a conflict, then every conflict with its paths.
 */
export function renderConflictMatrix(matrix: ConflictMatrix, scope: string, colors: Colors): string {
  if (matrix.requests.length === 0) return `No pending request in ${scope}; nothing to merge.\n`;
  const ids = matrix.requests.map((request) => request.id);
  const columns = [...ids, ...(matrix.base ? [`env:${matrix.base.env}`] : [])];
  const rows = ids.map((row) => [
    row,
    ...columns.map((column) => {
      if (column === row) return colors.dim('-');
      const cell = cellOf(matrix, row, column);
      return cell === undefined ? '?' : cell.clean ? colors.green('ok') : colors.red('CONFLICT');
    }),
  ]);
  const lines = [`Trial merges of ${title(matrix, scope)}:`, '', renderTable(['', ...columns.map(label)], rows).trimEnd(), ''];
  if (matrix.conflicts.length === 0) lines.push(colors.green('Every pair merges cleanly.'));
  else {
    lines.push(`${matrix.conflicts.length} conflict(s):`);
    for (const cell of matrix.conflicts) lines.push(`  ${cell.a} x ${label(cell.b)}: ${listPaths(cell.paths)}`);
  }
  return `${lines.join('\n')}\n`;
}
