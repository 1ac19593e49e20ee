/**
 * An epoch-milliseconds time as the board prints it: `YYYY-MM-DD HH:MM UTC` (the same minutes
 * `relctl log` shows).
 *
 * @example
 * ```ts
 * formatUtc(Date.UTC(2025, 2, 4, 9, 30)); // '2025-03-04 09:30 UTC'
 * ```
 */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
