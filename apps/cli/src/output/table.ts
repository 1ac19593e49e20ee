/**
 * Render rows as a plain aligned table (two spaces between columns, header underlined with
 * dashes). Written here rather than pulled in as a dependency: it is twenty lines, must measure
 * width without the colour codes, and must print the same bytes on every terminal.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const width = (text: string) => visibleLength(text);
  const widths = header.map((title, column) =>
    Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((size) => '-'.repeat(size))), ...rows.map(line)].join('\n') + '\n';
}

/** Length of a string as shown in a terminal: ANSI colour codes take no room. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
