import { shortSha } from '../output/format.js';
import { escapeHtml } from './escape-html.js';

/**
 * A commit id as the board shows it: the short form in `<code>`, the full id on hover; `-` for none.
 *
 * @example
 * ```ts
 * renderSha('3f2a9c1d…'); // '<code class="sha" title="3f2a9c1d…">3f2a9c1</code>'
 * ```
 */
export function renderSha(sha: string | null | undefined): string {
  if (!sha) return '<span class="none">-</span>';
  return `<code class="sha" title="${escapeHtml(sha)}">${escapeHtml(shortSha(sha))}</code>`;
}
