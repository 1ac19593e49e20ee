import { describe, expect, it } from 'vitest';
import { printable, quotePath } from './printable.js';

describe('printable', () => {
  it('shows control and bidi characters as escapes, and leaves everything else alone', () => {
    expect(printable('Kim\nB  shipped')).toBe('Kim\\nB  shipped');
    expect(printable('\u001b[2J\u001b[1;1HHi\u0007')).toBe('\\033[2J\\033[1;1HHi\\a');
    expect(printable('abc\u202etxt.exe\u2066x\u0085')).toBe('abc\\u202etxt.exe\\u2066x\\205');
    expect(printable('Café 상품 페이지 👩‍👩‍👧')).toBe('Café 상품 페이지 👩‍👩‍👧');
  });

  it('cuts to a maximum length with an ellipsis, never inside a character', () => {
    expect(printable('x'.repeat(100), { max: 10 })).toBe(`${'x'.repeat(9)}…`);
    expect(printable('😀'.repeat(5), { max: 3 })).toBe('😀😀…');
    expect(printable('short', { max: 10 })).toBe('short');
  });
});

describe('quotePath', () => {
  it('quotes a name the way git does only when it needs it', () => {
    expect(quotePath('src/app.js')).toBe('src/app.js');
    expect(quotePath('a\nb.txt')).toBe('"a\\nb.txt"');
    expect(quotePath('say "hi"\\.txt')).toBe('"say \\"hi\\"\\\\.txt"');
    expect(quotePath('x\u001b[31m')).toBe('"x\\033[31m"');
  });
});
