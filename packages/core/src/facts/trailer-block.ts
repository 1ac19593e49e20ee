/** One line of a commit message's trailer block, parsed. */
export interface TrailerLine {
  /** The key as written (git's token: letters, digits and `-`). */
  key: string;
  /** The value, with continuation lines unfolded into single spaces. */
  value: string;
}

/** Where a message's trailer block is and what it holds (internal to `facts/`). */
export interface TrailerBlock {
  /** Index (into the normalised lines) of the block's first line. */
  start: number;
  /** The `Key: value` trailers of the block, in order. */
  trailers: TrailerLine[];
}

const TRAILER_LINE = /^([A-Za-z0-9-]+)[ \t]*:(.*)$/;
const GIT_GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];

/**
 * Split a commit message into lines with CRLF normalised, trailing blank and comment lines removed.
 *
 * @example
 * ```ts
 * messageLines('Subject\r\n\r\nKey: v\r\n'); // ['Subject', '', 'Key: v']
 * ```
 */
export function messageLines(message: string): string[] {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0) {
    const last = lines[lines.length - 1] ?? '';
    if (last.trim() === '' || last.startsWith('#')) lines.pop();
    else break;
  }
  return lines;
}

/**
 * Find the trailer block of a message the way git does (`git interpret-trailers`): the last
 * paragraph, never the first one (the title), accepted when every line is a trailer or a
 * continuation line, or when at least a quarter of its lines are trailers and one of them is
 * git-generated (`Signed-off-by: `, `(cherry picked from commit `). Comment lines are ignored.
 *
 * @returns the block, or `null` when the message has none.
 * @example
 * ```ts
 * findTrailerBlock(messageLines('Fix\n\nRelctl-Request: A\n'))?.trailers; // [{ key: 'Relctl-Request', value: 'A' }]
 * ```
 */
export function findTrailerBlock(lines: readonly string[]): TrailerBlock | null {
  let titleEnd = 0;
  while (titleEnd < lines.length && (lines[titleEnd] ?? '').trim() !== '') titleEnd += 1;
  let start = lines.length;
  while (start > titleEnd && (lines[start - 1] ?? '').trim() !== '') start -= 1;
  if (start <= titleEnd || start >= lines.length) return null;

  const trailers: TrailerLine[] = [];
  let trailerLines = 0;
  let otherLines = 0;
  let recognised = false;
  let previous: TrailerLine | null = null;
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.startsWith('#')) continue;
    if (GIT_GENERATED.some((prefix) => line.startsWith(prefix))) recognised = true;
    if (/^[ \t]/.test(line)) {
      if (previous !== null) {
        previous.value = `${previous.value} ${line.trim()}`.trim();
        continue;
      }
      otherLines += 1;
      continue;
    }
    const match = TRAILER_LINE.exec(line);
    if (match !== null) {
      previous = { key: match[1] ?? '', value: (match[2] ?? '').trim() };
      trailers.push(previous);
      trailerLines += 1;
    } else {
      previous = null;
      if (line.startsWith(GIT_GENERATED[1] ?? '')) trailerLines += 1;
      else otherLines += 1;
    }
  }
  const accepted = trailerLines > 0 && (otherLines === 0 || (recognised && trailerLines * 3 >= otherLines));
  return accepted ? { start, trailers } : null;
}
