import type { BoardData } from '@relctl/engine';
import { BOARD_STYLES } from './board-styles.js';
import { escapeHtml } from './escape-html.js';
import { formatUtc } from './format-utc.js';
import { renderConflictsSection } from './render-conflicts-section.js';
import { renderEnvironmentsSection } from './render-environments-section.js';
import { renderRequestsSection } from './render-requests-section.js';
import { renderTimelineSection } from './render-timeline-section.js';

/**
 * No scripts, no fetches, no frames: the page needs nothing but its own inline styles, and
 * anything that slipped past escaping still could not run.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * The whole board as one self-contained HTML page (inline CSS, no scripts, no external
 * resources; it works offline from a `file://` URL and prints on A4 landscape): the
 * environments, requests × environments with ages and approvals, the conflict matrix and the
 * deployment timeline. Pure: the same data gives the same page. Every string from git is escaped.
 *
 * @example
 * ```ts
 * writeFileSync('relctl-board.html', renderBoard(await gatherBoardData({ context })));
 * ```
 */
export function renderBoard(data: BoardData): string {
  const { status } = data;
  const generated = formatUtc(status.now);
  // Open as in `relctl status`'s table: not shipped, not closed (a reverted request is open again).
  const open = status.requests.filter((row) => !row.hidden).length;
  const summary = `${status.requests.length} request${status.requests.length === 1 ? '' : 's'} (${open} open) · ${status.environments
    .map((env) => env.name)
    .join(' → ')} · ${data.conflicts.conflicts.length} conflict${data.conflicts.conflicts.length === 1 ? '' : 's'} · ${data.deployments.length} deployment${
    data.deployments.length === 1 ? '' : 's'
  }`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="relctl board">
<title>relctl board · ${escapeHtml(data.repository)} · ${escapeHtml(generated)}</title>
<link rel="icon" href="data:,">
<style>${BOARD_STYLES}</style>
</head>
<body>
<header>
<h1>relctl board · ${escapeHtml(data.repository)}</h1>
<p class="meta">Generated ${escapeHtml(generated)} · ${escapeHtml(summary)}</p>
<nav aria-label="Sections"><ul>
<li><a href="#environments">Environments</a></li>
<li><a href="#requests">Requests × environments</a></li>
<li><a href="#conflicts">Conflict matrix</a></li>
<li><a href="#deployments">Deployment timeline</a></li>
</ul></nav>
</header>
<main>
${renderEnvironmentsSection(data)}
${renderRequestsSection(data)}
${renderConflictsSection(data)}
${renderTimelineSection(data)}
</main>
<footer>
<p>Ages say how long a request has been where it is. <strong>in</strong>: the environment holds the request's current head; <strong>stale</strong>: it holds an older commit (promote again to refresh); <strong>not in</strong>: absent; <strong>reverted</strong>: <code>relctl revert</code> took its release out of production. Shipped and closed requests are listed last, under their own headings (the rows <code>relctl status</code> shows only with <code>--all</code>); <strong>hotfix</strong> marks a request started with <code>request new --hotfix</code>. An approval is <strong>stale</strong> when the request moved after it, and <strong>carried</strong> when the request only synced production in since, by a clean merge (it still counts).</p>
<p>The same data as <code>relctl status --json</code>, <code>relctl conflicts --all --json</code> and <code>relctl log --deployments --json</code>; made by <code>relctl board</code> at ${escapeHtml(generated)}.</p>
</footer>
</body>
</html>
`;
}
