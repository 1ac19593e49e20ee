/**
 * `record[key]` when `key` is the record's own property (so ids like `constructor` never reach
 * `Object.prototype`), else `undefined`.
 *
 * @example
 * ```ts
 * ownValue({ A: 'x' }, 'constructor'); // undefined
 * ```
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
