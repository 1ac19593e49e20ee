/** Options of {@link isValidRefName}. */
export interface IsValidRefNameOptions {
  /** A full ref name such as `refs/heads/main`. */
  ref: string;
}

/**
 * Whether `ref` is a full ref name that relctl may move: it starts with `refs/`, has at least one
 * more component, and passes `git check-ref-format`: no `..`, no `@{`, no ASCII control character,
 * space, `~ ^ : ? * [ \`; no empty component, no trailing `/` or `.`; no component that starts with
 * `.` or ends with `.lock`.
 *
 * @example
 * ```ts
 * isValidRefName({ ref: 'refs/heads/env/test' }); // true
 * isValidRefName({ ref: 'refs/heads/a..b' }); // false
 * isValidRefName({ ref: 'main' }); // false: not a full name
 * ```
 */
export function isValidRefName({ ref }: IsValidRefNameOptions): boolean {
  if (!ref.startsWith('refs/') || ref.length <= 'refs/'.length) return false;
  if (ref.includes('..') || ref.includes('@{') || ref.endsWith('.') || ref.endsWith('/')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}
