/** Characters that need a real shell (pipes, redirections, expansions, globs, escapes). */
const SHELL_SYNTAX = /[|;<>$`&()*?\\]/;

/**
 * Split a shell line into words the way a doc reader would type it: double and single quotes
 * group, an unquoted `#` at the start of a word starts a comment. With `refuseShellSyntax`,
 * a line that needs a real shell (any unquoted character of {@link SHELL_SYNTAX}) gives `null`.
 */
export function shellWords(line: string): string[];
export function shellWords(line: string, options: { refuseShellSyntax: true }): string[] | null;
export function shellWords(line: string, options: { refuseShellSyntax?: boolean } = {}): string[] | null {
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let started = false;
  for (const character of line) {
    if (quote) {
      if (character === quote) quote = null;
      else word += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      started = true;
    } else if (character === '#' && !started) {
      break;
    } else if (options.refuseShellSyntax && SHELL_SYNTAX.test(character)) {
      return null;
    } else if (/\s/.test(character)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += character;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}
