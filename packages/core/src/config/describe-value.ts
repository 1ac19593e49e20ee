/**
 * A short description of a value for error messages: strings quoted (and cut at 40
 * characters), numbers and booleans as written, otherwise the kind of thing it is.
 *
 * @example
 * ```ts
 * describeValue('main'); // '"main"'
 * describeValue([1]); // 'an array'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}
