import { Trailer } from '@relctl/core';
import type { ChangelogItem } from '../types.js';
import { renderNotesText } from './render-notes-text.js';

/**
 * Options of {@link renderReleaseMessage}.
 *
 * @example
 * ```ts
 * const message = renderReleaseMessage({ version: '1.4.0', requestIds: ['A', 'C'], items });
 * ```
 */
export interface RenderReleaseMessageOptions {
  version: string;
  /** Exactly the requests released, in release order (the `Relctl-Requests` trailer). */
  requestIds: string[];
  items: ChangelogItem[];
  /** Monorepos: the package versions of the release. */
  packages?: Array<{ name: string; newVersion: string }>;
  /** Requests whose changesets the release keeps for later. */
  kept?: string[];
}

/**
 * The release commit message: `Release <version>`, the notes as plain text, and the trailers
 * `Relctl-Release: <version>` and `Relctl-Requests: <id>,<id>` that let history say which
 * requests each release shipped.
 *
 * @example
 * ```ts
 * renderReleaseMessage({ version: '1.4.0', requestIds: ['A', 'C'], items });
 * // 'Release 1.4.0\n\nMinor changes:\n- A: …\n\nPatch changes:\n- C: …\n\nRelctl-Release: 1.4.0\nRelctl-Requests: A,C\n'
 * ```
 */
export function renderReleaseMessage(options: RenderReleaseMessageOptions): string {
  const notes = renderNotesText({ items: options.items, packages: options.packages, kept: options.kept });
  const trailers = `${Trailer.release}: ${options.version}\n${Trailer.requests}: ${options.requestIds.join(',')}`;
  return `Release ${options.version}\n\n${notes}\n\n${trailers}\n`;
}
