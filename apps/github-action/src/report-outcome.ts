import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { CommentPromotionNotesResult, EngineEvent } from '@relctl/engine';
import { workflowCommand } from './workflow-commands.js';

/**
 * The action's outputs, by name: `action` (created, updated, unchanged, skipped),
 * `comment-id`, `comment-url`, `pull-request`, `requests` (space-separated ids) and `version`
 * (the version the promotion releases); `''` where there is none.
 *
 * @example
 * ```ts
 * actionOutputs(result); // { action: 'created', 'comment-id': '1', 'comment-url': 'https://…', 'pull-request': '12', requests: 'A C', version: '1.4.0' }
 * ```
 */
export function actionOutputs(result: CommentPromotionNotesResult): Record<string, string> {
  return {
    action: result.action,
    'comment-id': result.comment === null ? '' : String(result.comment.id),
    'comment-url': result.comment?.url ?? '',
    'pull-request': String(result.pullRequest.number),
    requests: result.requestIds.join(' '),
    version: result.notes?.preview?.version ?? '',
  };
}

/**
 * Append outputs to the file GITHUB_OUTPUT names, each as `name<<delimiter` … `delimiter` with a
 * delimiter no value contains (so a value cannot set another output). Without GITHUB_OUTPUT
 * (run outside Actions) nothing is written.
 *
 * @example
 * ```ts
 * writeOutputs(process.env.GITHUB_OUTPUT, actionOutputs(result));
 * ```
 */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      let delimiter = `ghadelimiter_${randomUUID()}`;
      while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
  appendFileSync(file, text);
}

/**
 * The log line of one engine event: warnings as `::warning::`, the comment's fate as a plain line
 * (a skip as `::notice::`), progress as a plain line; other events say nothing here. Never the
 * notes themselves: their text comes from request branches and stays out of the command channel.
 *
 * @example
 * ```ts
 * const onEvent = (event: EngineEvent) => process.stdout.write(eventLine(event));
 * ```
 */
export function eventLine(event: EngineEvent): string {
  switch (event.type) {
    case 'warning':
      return workflowCommand('warning', event.message);
    case 'progress':
      return workflowCommand('debug', event.message);
    case 'promotion-notes-comment': {
      if (event.action === 'skipped') return workflowCommand('notice', `relctl: no release-notes comment: ${event.reason ?? 'skipped'}.`);
      const would = event.dryRun ? ' (dry run: nothing written)' : '';
      const what = { created: 'Created', updated: 'Updated', unchanged: 'Left unchanged' }[event.action];
      return `${what} the release-notes comment on pull request #${event.number}${event.url ? `: ${event.url}` : ''}${would}\n`;
    }
    default:
      return '';
  }
}
