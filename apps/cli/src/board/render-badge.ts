import { escapeHtml } from './escape-html.js';

/** Options of {@link renderBadge}. */
export interface RenderBadgeOptions {
  /** The colour family: good, needs a look, bad, nothing there, neutral news. */
  tone: 'ok' | 'warn' | 'bad' | 'muted' | 'info';
  /** A symbol shown before the label (hidden from screen readers: the label says it all). */
  symbol: string;
  /** The words: colour is never the only signal. */
  label: string;
  /** Extra detail on hover. */
  title?: string;
}

/**
 * A small labelled pill, e.g. `✓ in`, `! stale`, `✗ conflict`: a symbol and words, with the
 * colour as a third signal, so the page reads the same in greyscale and on paper.
 *
 * @example
 * ```ts
 * renderBadge({ tone: 'ok', symbol: '✓', label: 'in' }); // '<span class="badge ok"><span aria-hidden="true">✓</span> in</span>'
 * ```
 */
export function renderBadge(options: RenderBadgeOptions): string {
  const title = options.title === undefined ? '' : ` title="${escapeHtml(options.title)}"`;
  return `<span class="badge ${options.tone}"${title}><span aria-hidden="true">${escapeHtml(options.symbol)}</span> ${escapeHtml(options.label)}</span>`;
}
