/** First 7 characters of an object id, or `-` (core's one helper, re-exported for the renderers). */
export { shortSha } from '@relctl/core';

/** A duration in milliseconds as people say it: `45m`, `5h`, `3d`. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '-';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** JSON for `--json` output: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
