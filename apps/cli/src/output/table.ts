import stringWidth from 'string-width';

/**
 * Render rows as a plain aligned table (two spaces between columns, header underlined with
 * dashes). Written here rather than pulled in as a dependency: it is twenty lines and must print
 * the same bytes on every terminal; measuring a cell's width is `string-width`'s job.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const width = (text: string) => visibleLength(text);
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((size) => '-'.repeat(size))), ...rows.map(line)].join('\n') + '\n';
}

/**
 * Width of a string as shown in a terminal: ANSI colour codes take no room, and Korean, Chinese
 * and Japanese characters (East Asian wide) take two columns, so Korean titles line up.
 */
export function visibleLength(text: string): number {
  // Printable ASCII is one column a character; string-width costs ~0.1 ms a cell otherwise
  // (80 ms for a 200-request status table).
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
