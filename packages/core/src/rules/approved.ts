import { z } from 'zod';
import type { Approval } from '../model/facts.js';
import type { RuleContext, RuleResult } from './rule.js';
import { approverOf, type ApproverOf } from './approver-of.js';
import { identityMatches } from './identity-matches.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { describeResolutions } from './describe-resolutions.js';
import { resolutionCoverage } from './resolution-coverage.js';
import { shortSha } from './short-sha.js';
import { carryOptionSchema } from './carry-option.js';
import { carryModeFor } from '../carry/carry-mode-for.js';
import { carryOf } from '../carry/carry-of.js';
import { describeCarry } from '../carry/describe-carry.js';
import { carryBreak } from '../carry/carry-break.js';

/**
 * Options of the `approved` rule.
 *
 * @example
 * ```ts
 * approvedOptionsSchema.parse({ by: ['ann@example.com', 'bob@example.com'], count: 2 });
 * ```
 */
export const approvedOptionsSchema = z
  .strictObject({
    by: z
      .union([z.literal('requester'), z.array(z.string().min(1)).min(1)], {
        error: (issue) =>
          issue.code === 'invalid_union' ? `expected "requester" or a list of approvers like ["ann@example.com"], got ${JSON.stringify(issue.input) ?? 'nothing'}` : undefined,
      })
      .optional()
      .meta({
        description: 'Who may approve: "requester" (the person who asked for the change must approve it), or a list of identities (emails or names). Anyone when absent.',
      }),
    count: z.int().min(1).default(1).meta({ description: 'How many different approvers are needed.' }),
    carry: carryOptionSchema,
  })
  .superRefine((options, context) => {
    if (options.by === 'requester' && options.count > 1) {
      context.addIssue({
        code: 'custom',
        path: ['count'],
        message: `count is ${options.count} but by is "requester", which only one person can be; use count 1 or a list of approvers`,
      });
    }
    if (Array.isArray(options.by) && options.count > options.by.length) {
      context.addIssue({
        code: 'custom',
        path: ['count'],
        message: `count is ${options.count} but only ${options.by.length} approver(s) are listed in by; lower count or list more approvers`,
      });
    }
  })
  .meta({ description: 'An approval for the target environment of the exact request head.' });

/**
 * Parsed options of the `approved` rule.
 *
 * @example
 * ```ts
 * const options: ApprovedOptions = approvedOptionsSchema.parse(raw);
 * ```
 */
export type ApprovedOptions = z.output<typeof approvedOptionsSchema>;

const names = (approvals: readonly Approval[]): string => [...new Set(approvals.map((approval) => approval.by))].join(', ');

/**
 * Rule `approved`: enough approvals recorded *for the target environment* of the request's
 * exact current head. An approval of an older head is stale and does not count, unless every
 * head since is a provably trivial sync (`facts.lineage`) and `carry` is `sync` (the default):
 * then it is carried and counts, and the message says so. Options: `by`
 * (`'requester'`, or a list of identities) and `count` (default 1) different approvers. With
 * `requireSignatures` on the target, only approvals whose audit-log commit carries a verified
 * signature count, as the principal it proves (`approverOf`); the others are named with the
 * reason. When the
 * promotion's merge of the request applies a recorded conflict resolution (`facts.resolutions`),
 * a head approval is not enough: only a candidate approved for the target with the very tree
 * the promotion produces covers the resolved content (see `resolutionCoverage`).
 *
 * @example
 * ```ts
 * approved({ ...context, options: { by: 'requester' } });
 * // { status: 'fail', message: 'A has no approval for prod of its head 1a2b3c4 by its requester Ann <ann@x.io>; …' }
 * ```
 */
export function approved(context: RuleContext): RuleResult {
  const options = parseRuleOptions({ rule: 'approved', schema: approvedOptionsSchema, options: context.options });
  const { request, target, facts } = context;
  const head = shortSha(request.head);
  const approve = `record one with relctl approve ${request.id} --for ${target.name}`;
  const requester = request.requester;
  if (options.by === 'requester' && requester === undefined) {
    return {
      status: 'fail',
      message: `${request.id} has no known requester, so no approval can be by the requester; record who asked for it, or override with a reason.`,
    };
  }
  const forTarget = facts.approvals.filter((approval) => approval.requestId === request.id && approval.env === target.name);
  // An approval of an earlier head counts when only trivial syncs separate it from the head.
  const mode = carryModeFor({ env: target, rule: 'approved', options: context.options });
  const carried = new Map<Approval, string>();
  const current: Approval[] = [];
  const stale: Approval[] = [];
  for (const approval of forTarget) {
    const verdict = carryOf({ facts, request, sha: approval.sha, mode });
    if (verdict.state === 'stale') stale.push(approval);
    else current.push(approval);
    if (verdict.state === 'carried') carried.set(approval, describeCarry(verdict));
  }
  // With requireSignatures the approver is the principal a verified signature proves, never the name a record claims.
  const countedAs = (approval: Approval): ApproverOf => approverOf({ env: target, by: approval.by, signature: approval.signature });
  const unsigned = current.filter((approval) => 'refused' in countedAs(approval));
  const signed = current
    .filter((approval) => !unsigned.includes(approval))
    .map((approval) => ({ ...approval, by: (countedAs(approval) as { approver: string }).approver, carried: carried.get(approval) }));
  const counts = (approval: Approval): boolean => {
    if (options.by === undefined) return true;
    if (options.by === 'requester') return requester !== undefined && identityMatches({ actor: approval.by, wanted: requester });
    return options.by.some((wanted) => identityMatches({ actor: approval.by, wanted }));
  };
  const eligible = signed.filter(counts);
  const ignored = signed.filter((approval) => !counts(approval));
  const approvers = new Set(eligible.map((approval) => approval.by.trim().toLowerCase()));

  // A recorded resolution the promotion applies is code no head approval saw: only an approval
  // that pins the resolved result (an approved candidate with this very tree) covers it.
  const coverage = resolutionCoverage({
    context,
    counts: (approval) => 'approver' in approverOf({ env: target, by: approval.by, signature: approval.id === undefined ? undefined : facts.signatures?.[approval.id] }),
  });
  const ids = context.intent.requestIds.join(' ');
  const uncovered =
    coverage.resolved.length > 0 && coverage.covering === undefined
      ? `${request.id}'s merge into ${target.name} applies ${describeResolutions(coverage.resolved)}: code in neither ${request.id}'s approved head nor ${target.branch}, which no approval covers; ` +
        (target.kind === 'release'
          ? `resolve the conflict on ${request.branch} (relctl sync ${request.id} --worktree) and approve its new head, or build a candidate (relctl candidate ${ids}), test it and approve it (relctl approve --candidate <name> --for ${target.name})`
          : `resolve the conflict on ${request.branch} and approve its new head, or override with a reason`)
      : undefined;
  if (approvers.size >= options.count) {
    if (uncovered !== undefined) return { status: 'fail', message: `${uncovered}.` };
    const covered =
      coverage.covering === undefined
        ? ''
        : `; ${describeResolutions(coverage.resolved)} is covered by candidate ${coverage.covering.candidate} approved by ${coverage.covering.by}`;
    const across = [...new Set(eligible.flatMap((approval) => (approval.carried === undefined ? [] : [approval.carried])))];
    const carriedNote = across.length === 0 ? '' : `, ${across.join(', ')}`;
    return { status: 'pass', message: `approved for ${target.name} at ${head} by ${names(eligible)}${carriedNote}${covered}.` };
  }
  const who = options.by === 'requester' ? ` by its requester ${requester}` : Array.isArray(options.by) ? ` by ${options.by.join(' or ')}` : '';
  const needed =
    options.count > 1
      ? `${request.id} needs ${options.count} approvals for ${target.name} of its head ${head}${who}, and has ${approvers.size}`
      : `${request.id} has no approval for ${target.name} of its head ${head}${who}`;
  const notes: string[] = [];
  if (ignored.length > 0) notes.push(`approvals by ${names(ignored)} do not count here`);
  for (const approval of unsigned) {
    notes.push(
      `the approval recorded as by ${approval.by} does not count: ${(countedAs(approval) as { refused: string }).refused} (${target.name} requires approvals signed by a key in ${context.policy.allowedSigners ?? '.relctl/allowed_signers'}; relctl approve signs with your git signing key)`,
    );
  }
  if (stale.length > 0) {
    // Say why they no longer carry, when a sync chain was followed and broke.
    const broken = mode === 'sync' ? carryBreak({ facts, request }) : undefined;
    const why = broken === undefined ? '' : ` (no carry past ${broken})`;
    notes.push(`approvals of older heads (${[...new Set(stale.map((approval) => shortSha(approval.sha)))].join(', ')}) are stale${why}`);
  }
  if (uncovered !== undefined) notes.push(uncovered);
  return { status: 'fail', message: `${[needed, ...notes].join('; ')}; ${approve}.` };
}
