import { UsageError } from '../errors/index.js';
import { findTrailerBlock, messageLines } from './trailer-block.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * Append trailers to a commit message in git's format: a blank line, then one `Key: value` line
 * each; when the message already ends with a trailer block the new lines join it. Trailing blank
 * lines are dropped and the result ends with a newline. Line breaks inside values become spaces.
 *
 * @param message - The message without (or with) a trailer block.
 * @param trailers - Keys in the order to write; a key with several values is written once per value.
 * @throws UsageError when a key is not a git trailer token (letters, digits, `-`).
 * @example
 * ```ts
 * formatTrailers('Merge request A: Export into test', { 'Relctl-Request': 'A', 'Relctl-Env': 'test' });
 * // 'Merge request A: Export into test\n\nRelctl-Request: A\nRelctl-Env: test\n'
 * ```
 */
export function formatTrailers(message: string, trailers: Readonly<Record<string, string | readonly string[]>>): string {
  const added: string[] = [];
  for (const [key, raw] of Object.entries(trailers)) {
    if (!KEY.test(key)) {
      throw new UsageError(`Trailer key "${key}" is not valid; use letters, digits and "-" only.`, { key });
    }
    const values: readonly string[] = typeof raw === 'string' ? [raw] : raw;
    for (const value of values) added.push(`${key}: ${value.replace(/\s*[\r\n]+\s*/g, ' ').trim()}`);
  }
  const lines = messageLines(message);
  if (added.length === 0) return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  const joins = findTrailerBlock(lines) !== null;
  return [...lines, ...(joins ? [] : ['']), ...added].join('\n') + '\n';
}
