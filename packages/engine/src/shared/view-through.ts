import type { RefUpdate } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { openAuditLog } from '../context/open-audit-log.js';
import { overlayRefs } from './overlay-refs.js';

/**
 * From now on `context` reads through a view where `moves` happened (the git port and the audit
 * log over {@link overlayRefs}); nothing moves.
 *
 * @example
 * ```ts
 * viewThrough(context, (await remoteMoves(context, 'origin', 'keep-ours')).moves);
 * ```
 */
export function viewThrough(context: CliContext, moves: RefUpdate[]): void {
  if (moves.length === 0) return;
  context.git = overlayRefs(context.git, moves);
  context.log = openAuditLog({ git: context.git, repo: context.repo, warn: (message) => context.emit({ type: 'warning', message }), skipped: context.logSkipped });
}
