import { describe, expect, it } from 'vitest';
import { renderTable, visibleLength } from './table.js';

describe('renderTable', () => {
  it('aligns columns by terminal width: colour codes take none, Korean characters two columns each', () => {
    expect(visibleLength('\u001b[31mred\u001b[39m')).toBe(3);
    expect(visibleLength('주문 CSV')).toBe(8);
    const table = renderTable(
      ['id', 'title', 'test'],
      [
        ['A', '주문 CSV 내보내기', 'in'],
        ['B', 'New layout', '-'],
      ],
    );
    const lines = table.trimEnd().split('\n');
    // The third column starts at the same terminal column on every line.
    const column = (line: string) => visibleLength(line.slice(0, line.lastIndexOf(' ') + 1));
    expect(new Set(lines.map(column)).size).toBe(1);
    expect(lines[1]).toBe('--  -----------------  ----');
  });
});
