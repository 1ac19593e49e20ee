import type { ChangelogItem, ChangelogStyle } from '../types.js';
import { renderGithubReleaseLine } from './render-github-release-line.js';
import { renderReleaseLine } from './render-release-line.js';

/**
 * Options of {@link renderItemLine}.
 *
 * @example
 * ```ts
 * renderItemLine({ item: { id: 'A', type: 'minor', summary: 'Add CSV export' }, style: { kind: 'git' } });
 * ```
 */
export interface RenderItemLineOptions {
  item: ChangelogItem;
  style: ChangelogStyle;
}

/**
 * One request's changelog bullet in the chosen style: `renderReleaseLine` (git, with the request
 * id) or `renderGithubReleaseLine` (github).
 *
 * @example
 * ```ts
 * renderItemLine({ item: { id: 'A', type: 'minor', summary: 'Add CSV export', sha: '1a2b3c4d…' }, style: { kind: 'git' } });
 * // '- A (1a2b3c4): Add CSV export'
 * ```
 */
export function renderItemLine(options: RenderItemLineOptions): string {
  const { item, style } = options;
  if (style.kind === 'github') {
    return renderGithubReleaseLine({
      summary: item.summary,
      ...(item.sha ? { sha: item.sha } : {}),
      repository: style.repository,
      serverUrl: style.serverUrl,
      info: style.info,
      ...(style.disableThanks ? { disableThanks: true } : {}),
    });
  }
  return renderReleaseLine({ id: item.id, sha: item.sha, summary: item.summary });
}
