import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { parseRuleOptions } from './parse-rule-options.js';

/**
 * Options of the `changeset` rule: none.
 *
 * @example
 * ```ts
 * changesetOptionsSchema.parse({}); // {}
 * ```
 */
export const changesetOptionsSchema = z.strictObject({}).meta({ description: 'No options.' });

/**
 * Rule `changeset`: the request carries a changeset (`.changeset/<id>.md`) with release-note
 * text. Fails when there is none or its text is empty (unless the bump is `none`); warns when
 * the bump is `none`, so that shipping without a version change stays visible.
 *
 * @example
 * ```ts
 * changeset(context); // { status: 'fail', message: 'A has no changeset (.changeset/A.md); add one with a bump type and a release note.' }
 * ```
 */
export function changeset(context: RuleContext): RuleResult {
  parseRuleOptions({ rule: 'changeset', schema: changesetOptionsSchema, options: context.options });
  const { request } = context;
  const file = `.changeset/${request.id}.md`;
  if (!request.changeset) {
    return { status: 'fail', message: `${request.id} has no changeset (${file}); add one with a bump type and a release note.` };
  }
  const { bump, summary } = request.changeset;
  if (bump === 'none') {
    return {
      status: 'warn',
      message: `${request.id}'s changeset bumps nothing: it ships without a version change${summary.trim() ? '' : ' and without a release note'}.`,
    };
  }
  if (summary.trim().length === 0) {
    return { status: 'fail', message: `${request.id}'s changeset (${file}) has no release-note text; write what changed for users.` };
  }
  return { status: 'pass', message: `${bump} change: ${firstLine(summary)}` };
}

const firstLine = (text: string): string => {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 72 ? `${line.slice(0, 71)}…` : line;
};
