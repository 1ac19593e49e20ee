/**
 * Split text into lines the way changeset files are read: on `\n`, dropping the `\r`s that end a
 * line (CRLF files), in linear time.
 *
 * @example
 * ```ts
 * splitLines('a\r\nb\n'); // ['a', 'b', '']
 * ```
 */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => {
    let end = line.length;
    while (end > 0 && line.charCodeAt(end - 1) === 13) end -= 1;
    return end === line.length ? line : line.slice(0, end);
  });
}
