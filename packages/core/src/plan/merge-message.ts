/**
 * Subject line of the merge commit that brings a request into an environment:
 * `Merge request <id>: <title> into <env>` (the title folded onto one line).
 *
 * @example
 * ```ts
 * mergeMessage({ requestId: 'A', title: 'CSV export', env: 'prod' }); // 'Merge request A: CSV export into prod'
 * ```
 */
export function mergeMessage(options: { requestId: string; title: string; env: string }): string {
  const title = options.title.replace(/\s+/g, ' ').trim() || options.requestId;
  return `Merge request ${options.requestId}: ${title} into ${options.env}`;
}
