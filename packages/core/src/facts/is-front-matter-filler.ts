/**
 * Whether a front-matter line of a changeset holds no entry: empty, only spaces and tabs, or a
 * `# comment` after them. Only YAML's blanks count (a no-break space does not: YAML reads it as
 * text), so both relctl parsers skip exactly the lines `@changesets/parse` skips.
 *
 * @example
 * ```ts
 * isFrontMatterFiller('  # the shop'); // true
 * isFrontMatterFiller('\u00a0# not YAML whitespace'); // false
 * ```
 */
export function isFrontMatterFiller(line: string): boolean {
  let at = 0;
  while (at < line.length && (line[at] === ' ' || line[at] === '\t')) at += 1;
  return at === line.length || line[at] === '#';
}
