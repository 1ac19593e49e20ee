/** Characters git never allows in a ref name (besides ASCII control characters). */
const FORBIDDEN_CHARACTERS = new Set([' ', '~', '^', ':', '?', '*', '[', '\\']);

/**
 * Why `name` is not a valid git ref name (the rules of `git check-ref-format --allow-onelevel`),
 * as a short phrase, or `undefined` when it is valid. See {@link isValidRefName}.
 *
 * @example
 * ```ts
 * refNameProblem('env/../x'); // 'it contains ".."'
 * refNameProblem('env/test'); // undefined
 * ```
 */
export function refNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name === '@') return 'it is "@"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.endsWith('.')) return 'it ends with "."';
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.includes('//')) return 'it contains "//"';
  for (const character of name) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return 'it contains a control character';
    if (character === ' ') return 'it contains a space';
    if (FORBIDDEN_CHARACTERS.has(character)) return `it contains "${character}"`;
  }
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its part "${component}" starts with "."`;
    if (component.endsWith('.lock')) return `its part "${component}" ends with ".lock"`;
  }
  return undefined;
}
