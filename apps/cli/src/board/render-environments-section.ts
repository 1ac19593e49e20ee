import type { StatusEnvironment } from '@relctl/core';
import { formatAge } from '../output/format.js';
import type { BoardData } from '@relctl/engine';
import { escapeHtml } from './escape-html.js';
import { formatUtc } from './format-utc.js';
import { renderBadge } from './render-badge.js';
import { renderSha } from './render-sha.js';

function lastDeployment(env: StatusEnvironment, now: number): string {
  const last = env.lastDeployment;
  if (last === undefined) return '<span class="none">never deployed</span>';
  const badge = last.type === 'deployed' ? renderBadge({ tone: 'info', symbol: '↑', label: 'deployed' }) : renderBadge({ tone: 'warn', symbol: '↩', label: 'rolled back' });
  const version = last.version === undefined ? '' : ` v${escapeHtml(last.version)}`;
  const reason = last.reason === undefined ? '' : `<br><span class="reason">reason: ${escapeHtml(last.reason)}</span>`;
  return `${badge}${version} ${renderSha(last.sha)} by ${escapeHtml(last.actor)}<br><span class="when">${escapeHtml(formatUtc(last.at))} (${escapeHtml(
    formatAge(now - last.at),
  )} ago)</span>${reason}`;
}

/** What the servers run when it is not the branch tip (after a rollback, a failed deploy, a promotion not deployed yet), as `relctl status` says it. */
function live(env: StatusEnvironment): string {
  if (env.live === undefined) return '';
  const version = env.live.version === undefined ? '' : ` v${escapeHtml(env.live.version)}`;
  const badge = renderBadge({ tone: 'warn', symbol: '!', label: 'not the tip', title: 'the last successful deploy or rollback put another commit on the servers' });
  return `<dt>live</dt><dd class="live">${renderSha(env.live.sha)}${version} (${env.live.via === 'rolled-back' ? 'rolled back' : 'deployed'}) ${badge}</dd>`;
}

/** The warning of `relctl status` when an integration build started from an older tip of its base environment. */
function staleBase(env: StatusEnvironment): string {
  if (env.staleBase === undefined) return '';
  const { base, baseEnv, baseTip } = env.staleBase;
  const badge = renderBadge({ tone: 'warn', symbol: '!', label: 'stale base', title: `production moved after ${env.name} was last rebuilt` });
  return `<dt>warning</dt><dd class="stale-base">${badge} built on ${renderSha(base)}, not on ${escapeHtml(baseEnv)}'s tip ${renderSha(
    baseTip,
  )}: <code>relctl sync</code>, then <code>relctl promote &lt;ids&gt; --to ${escapeHtml(env.name)}</code>, rebuilds it on the tip</dd>`;
}

/**
 * The environment cards: for each environment in policy order, its kind, branch, tip, version,
 * what the servers run when it is not the tip, how many requests it holds, its latest deployment and, for an integration environment built on
 * an older tip of its base environment, the stale-base warning — the lines under `relctl status`.
 *
 * @example
 * ```ts
 * const html = renderEnvironmentsSection(data); // '<section id="environments" …'
 * ```
 */
export function renderEnvironmentsSection(data: BoardData): string {
  const { status } = data;
  const cards = status.environments.map((env) => {
    const tip = env.tip === null ? '<span class="none">no branch yet</span>' : renderSha(env.tip);
    const version = env.version === null ? '<span class="none">-</span>' : `v${escapeHtml(env.version)}`;
    return [
      `<article class="env" id="env-${escapeHtml(env.name)}">`,
      `<h3>${escapeHtml(env.name)} <span class="kind">${escapeHtml(env.kind)}</span></h3>`,
      '<dl>',
      `<dt>branch</dt><dd><code>${escapeHtml(env.branch)}</code></dd>`,
      `<dt>tip</dt><dd>${tip}</dd>`,
      `<dt>version</dt><dd>${version}</dd>`,
      live(env),
      `<dt>requests</dt><dd>${env.requestCount}</dd>`,
      `<dt>last deployment</dt><dd>${lastDeployment(env, status.now)}</dd>`,
      staleBase(env),
      '</dl>',
      '</article>',
    ].join('\n');
  });
  return [
    '<section id="environments" aria-labelledby="environments-title">',
    '<h2 id="environments-title">Environments</h2>',
    `<div class="envs">\n${cards.join('\n')}\n</div>`,
    '</section>',
  ].join('\n');
}
