/**
 * How long a deployment took, as `relctl log --deployments` says it: `850ms`, `12.3s`, `4m 05s`,
 * or `-` when unknown.
 *
 * @example
 * ```ts
 * formatDuration(12_345); // '12.3s'
 * ```
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return '-';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}
