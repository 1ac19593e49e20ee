import { z } from 'zod';
import type { ApprovedCandidate } from '../conflicts/approved-candidate.js';
import { approvedCandidatesFromEvents } from '../conflicts/approved-candidates-from-events.js';
import type { RuleContext, RuleResult } from './rule.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';
import { isSuccessfulDeployment } from '../audit/is-successful-deployment.js';
import { approverOf } from './approver-of.js';

/**
 * Options of the `verified-candidate` rule.
 *
 * @example
 * ```ts
 * verifiedCandidateOptionsSchema.parse({ deployedTo: 'staging' });
 * ```
 */
export const verifiedCandidateOptionsSchema = z
  .strictObject({
    deployedTo: z.string().min(1).optional().meta({ description: 'Also require the approved candidate commit to have been deployed to this environment (a `deployed` event).' }),
  })
  .meta({ description: 'The tree the promotion would produce equals the tree of a candidate approved for the target.' });

/**
 * Parsed options of the `verified-candidate` rule.
 *
 * @example
 * ```ts
 * const options: VerifiedCandidateOptions = verifiedCandidateOptionsSchema.parse({});
 * ```
 */
export type VerifiedCandidateOptions = z.output<typeof verifiedCandidateOptionsSchema>;

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
};

/**
 * Rule `verified-candidate`: the tree this promotion would produce (`facts.candidates`, computed
 * by the shell with the promotion's own merges and release) equals the tree of a candidate
 * approved for the target (`relctl approve --candidate <name> --for <target>`) that holds the
 * request. So the bytes that ship are the bytes that were tested. When the trees differ the
 * message says why: a request moved since the candidate was built, the target moved, or the
 * candidate ships other requests. Option `deployedTo`: the candidate's commit must also have a
 * `deployed` event in that environment.
 *
 * @example
 * ```ts
 * verifiedCandidate(context);
 * // { status: 'fail', message: 'A: prod would get tree 1a2b3c4, not tree 5d6e7f8 of approved candidate A-C: A moved since it was built (…); …' }
 * ```
 */
export function verifiedCandidate(context: RuleContext): RuleResult {
  const options = parseRuleOptions({ rule: 'verified-candidate', schema: verifiedCandidateOptionsSchema, options: context.options });
  const { request, target, facts, intent } = context;
  const ids = intent.requestIds;
  const rebuild = `rebuild it (relctl candidate ${ids.join(' ')}), test it, and approve it (relctl approve --candidate <name> --for ${target.name})`;
  const computed = (facts.candidates ?? []).find((entry) => entry.env === target.name && sameSet(entry.requestIds, ids));
  if (computed === undefined) {
    return {
      status: 'fail',
      message: `the tree a promotion of ${ids.join(', ')} into ${target.name} would produce is unknown (the caller did not compute it); promote with relctl, or override with a reason.`,
    };
  }
  if (computed.tree === null) {
    return {
      status: 'fail',
      message: `${ids.join(', ')} do not merge cleanly into ${target.name}, so no approved candidate can match; see relctl conflicts.`,
    };
  }
  const deployed = (approval: ApprovedCandidate): boolean =>
    options.deployedTo === undefined ||
    (approval.commit !== undefined &&
      facts.events.some((event) => event.type === 'deployed' && isSuccessfulDeployment(event) && event.env === options.deployedTo && event.sha === approval.commit));
  // With requireSignatures only a candidate approval signed by an allowed signer counts.
  const signedBy = (approval: ApprovedCandidate) =>
    approverOf({ env: target, by: approval.by, signature: approval.id === undefined ? undefined : facts.signatures?.[approval.id] });
  const approvals = approvedCandidatesFromEvents({ events: facts.events })
    .filter((approval) => approval.env === target.name && approval.requestIds.includes(request.id))
    .flatMap((approval) => {
      const who = signedBy(approval);
      return 'approver' in who ? [{ ...approval, by: who.approver }] : [];
    });
  const matching = approvals.filter((approval) => approval.tree === computed.tree);
  const verified = matching.filter(deployed).at(-1);
  if (verified !== undefined) {
    const where = options.deployedTo === undefined ? '' : `, deployed to ${options.deployedTo}`;
    return {
      status: 'pass',
      message: `${target.name} would get tree ${shortSha(computed.tree)}, the tree of candidate ${verified.candidate} approved by ${verified.by}${where}.`,
    };
  }
  const undeployed = matching.at(-1);
  if (undeployed !== undefined) {
    return {
      status: 'fail',
      message: `candidate ${undeployed.candidate} (tree ${shortSha(computed.tree)}) is approved but its commit ${undeployed.commit === undefined ? '(unknown)' : shortSha(undeployed.commit)} was never deployed to ${options.deployedTo}; deploy it there (relctl deploy) and test it.`,
    };
  }
  const latest = approvals.filter((approval) => sameSet(approval.requestIds, ids)).at(-1) ?? approvals.at(-1);
  if (latest === undefined) {
    return {
      status: 'fail',
      message: `no candidate holding ${request.id} is approved for ${target.name}; build one with relctl candidate ${ids.join(' ')}, test it, then approve it (relctl approve --candidate <name> --for ${target.name}).`,
    };
  }
  const reasons: string[] = [];
  for (const [id, sha] of Object.entries(latest.shas)) {
    const head = facts.requests.find((item) => item.id === id)?.head;
    if (head !== undefined && head !== sha) reasons.push(`${id} moved since it was built (${shortSha(sha)} -> ${shortSha(head)})`);
  }
  const tip = facts.environments.find((state) => state.name === target.name)?.tip ?? null;
  if (latest.base !== undefined && tip !== null && tip !== latest.base) {
    reasons.push(`${target.name} moved since it was built (${shortSha(latest.base)} -> ${shortSha(tip)})`);
  }
  if (!sameSet(latest.requestIds, ids)) reasons.push(`it ships ${latest.requestIds.join(', ')}, this promotion ${ids.join(', ')}`);
  const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
  return {
    status: 'fail',
    message: `${target.name} would get tree ${shortSha(computed.tree)}, not tree ${shortSha(latest.tree)} of approved candidate ${latest.candidate}${why}; ${rebuild}.`,
  };
}
