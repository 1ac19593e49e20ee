/**
 * Characters that must not reach a terminal as they are: C0 controls (escape sequences, clear
 * screen, cursor moves, newlines that forge table rows), DEL, C1 controls, and the invisible
 * Unicode formatting characters that reorder or hide text (bidi embeddings, overrides and
 * isolates, directional marks, line and paragraph separators, the BOM).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach the terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);

const NAMED: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r' };

/** One unsafe character as git writes it in a quoted path: `\n`, `\033`, or `\u202e` beyond Latin-1. */
function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\${code.toString(8).padStart(3, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from a repository or a person (a title, a requester, `--by`, `--reason`, an actor) made
 * safe to print in human output: every control or invisible formatting character is shown as an
 * escape (`\n`, `\033`, `\u202e`) instead of acting on the terminal, and with `max` the text is
 * cut to that many characters with `…` (tables stay readable whatever a title's length). `--json`
 * output keeps the exact strings; only human output goes through this.
 *
 * @example
 * ```ts
 * printable('Kim\nB  shipped'); // 'Kim\\nB  shipped'
 * printable('\u001b[2JHello'); // '\\033[2JHello'
 * printable('x'.repeat(100), { max: 10 }); // 'xxxxxxxxx…'
 * ```
 */
export function printable(text: string, options: { max?: number } = {}): string {
  const safe = UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escapeChar) : text;
  const max = options.max;
  if (max === undefined || safe.length <= max) return safe;
  const chars = Array.from(safe);
  return chars.length <= max ? safe : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * A file name as git prints it with `core.quotePath`: as it is when it holds nothing special,
 * else in double quotes with `"` and `\` escaped and control or invisible formatting characters
 * written as escapes, so a name cannot move the cursor or pass for two names.
 *
 * @example
 * ```ts
 * quotePath('src/app.js'); // 'src/app.js'
 * quotePath('a\nb.txt'); // '"a\\nb.txt"'
 * ```
 */
export function quotePath(path: string): string {
  if (!UNSAFE_TEST.test(path) && !/["\\]/.test(path)) return path;
  return `"${path.replace(/["\\]/g, (char) => `\\${char}`).replace(UNSAFE, escapeChar)}"`;
}
