import type { ConflictMatrix, MatrixCell } from '@relctl/core';
import { shortSha } from '../output/format.js';

const label = (id: string): string => (id.startsWith('env:') ? id.slice(4) : id);

function cellOf(matrix: ConflictMatrix, a: string, b: string): MatrixCell | undefined {
  return matrix.cells.find((cell) => (cell.a === a && cell.b === b) || (cell.a === b && cell.b === a));
}

function title(matrix: ConflictMatrix, scope: string): string {
  const base = matrix.base ? ` and ${matrix.base.env} at ${shortSha(matrix.base.tip)}` : '';
  return `${matrix.requests.length} request(s) of ${scope}${base}`;
}

/** The matrix as GitHub-flavoured markdown, for a pull-request comment. */
export function renderConflictMatrixMarkdown(matrix: ConflictMatrix, scope: string): string {
  const lines = [`### Conflicts: ${title(matrix, scope).replace(/ at ([0-9a-f]{7})$/, ' at `$1`')}`, ''];
  if (matrix.requests.length === 0) return `${lines.join('\n')}No pending request; nothing to merge.\n`;
  const ids = matrix.requests.map((request) => request.id);
  const columns = [...ids, ...(matrix.base ? [`env:${matrix.base.env}`] : [])];
  lines.push(`| | ${columns.map((column) => `**${label(column)}**`).join(' | ')} |`);
  lines.push(`| --- | ${columns.map(() => ':-:').join(' | ')} |`);
  for (const row of ids) {
    const cells = columns.map((column) => {
      if (column === row) return '—';
      const cell = cellOf(matrix, row, column);
      return cell === undefined ? '?' : cell.clean ? '✅' : '❌';
    });
    lines.push(`| **${row}** | ${cells.join(' | ')} |`);
  }
  lines.push('');
  if (matrix.conflicts.length === 0) lines.push('Every pair merges cleanly.');
  else {
    lines.push(`**${matrix.conflicts.length} conflict(s)**`, '');
    for (const cell of matrix.conflicts) lines.push(`- **${cell.a}** × **${label(cell.b)}**: ${cell.paths.map((path) => `\`${path}\``).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
