import { findTrailerBlock, messageLines } from './trailer-block.js';

/**
 * Read the trailers of a commit message by git's rules: the last paragraph (never the title) of
 * `Key: value` lines, continuation lines unfolded, CRLF tolerated. Keys match case-insensitively;
 * the result uses the first spelling seen. Values keep their order. Never throws.
 *
 * @param message - A raw commit message.
 * @returns Values per key; `{}` when the message has no trailer block.
 * @example
 * ```ts
 * parseTrailers('Merge request A: Export\n\nRelctl-Request: A\nRelctl-Env: test\n');
 * // { 'Relctl-Request': ['A'], 'Relctl-Env': ['test'] }
 * ```
 */
export function parseTrailers(message: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const block = findTrailerBlock(messageLines(message));
  if (block === null) return result;
  const spelling = new Map<string, string>();
  for (const { key, value } of block.trailers) {
    const lower = key.toLowerCase();
    const name = spelling.get(lower) ?? key;
    spelling.set(lower, name);
    const values = Object.prototype.hasOwnProperty.call(result, name) ? result[name] : undefined;
    if (values === undefined) result[name] = [value];
    else values.push(value);
  }
  return result;
}
