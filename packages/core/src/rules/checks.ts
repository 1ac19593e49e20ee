import { z } from 'zod';
import type { CheckResult } from '../model/facts.js';
import type { RuleContext, RuleResult } from './rule.js';
import { approverOf } from './approver-of.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';

/**
 * Options of the `checks` rule.
 *
 * @example
 * ```ts
 * checksOptionsSchema.parse({ required: ['unit', 'e2e'], of: 'head' });
 * ```
 */
export const checksOptionsSchema = z
  .strictObject({
    required: z
      .array(z.string().min(1))
      .min(1, { error: 'list at least one check name, like ["unit"]' })
      .meta({ description: 'Names of the checks that must have passed (a `relctl check record` name, a GitHub check run name or a commit status context).' }),
    of: z
      .union([z.literal('head'), z.literal('tree')])
      .optional()
      .meta({
        description:
          'Which commit the results must be about: "head" (the request head) or "tree" (a commit with the exact tree the promotion would ship: a candidate or the promotion pull request). Default: "tree" for the release environment, "head" otherwise.',
      }),
    from: z
      .array(z.union([z.literal('relctl'), z.literal('github')]))
      .min(1)
      .default(['relctl'])
      .meta({
        description:
          'Which results count: "relctl" (recorded with relctl check record, in the audit log) and/or "github" (check runs and commit statuses on GitHub, read with the GitHub token relctl uses).',
      }),
  })
  .meta({ description: 'Required checks (CI results) passed on the exact code: the request head, or the tree that ships.' });

/**
 * Parsed options of the `checks` rule.
 *
 * @example
 * ```ts
 * const options: ChecksOptions = checksOptionsSchema.parse({ required: ['unit'] });
 * ```
 */
export type ChecksOptions = z.output<typeof checksOptionsSchema>;

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
};

/** The latest of `results` (by time; the later one on a tie). */
const latest = (results: readonly CheckResult[]): CheckResult | undefined =>
  results.reduce<CheckResult | undefined>((best, result) => (best === undefined || result.at >= best.at ? result : best), undefined);

/**
 * Rule `checks`: every check named in `required` has passed on the exact code being promoted.
 * With `of: 'head'` (the default outside the release environment) a result counts only when it
 * is about the request's current head; with `of: 'tree'` (the default for the release
 * environment) only when it is about a commit whose tree is the very tree the promotion would
 * ship (`facts.candidates`: a candidate built by `relctl candidate`, or the promotion pull
 * request's head), so results for an older head or another combination of requests never count.
 * The latest result of a check for that code wins (a rerun can turn it green or red). Option
 * `from` says which results count: `relctl` (recorded in the audit log, the default) and/or
 * `github` (check runs and commit statuses the shell read from GitHub). Where the
 * target requires signatures, a result recorded in the audit log counts only when its commit's
 * signature verifies; GitHub's results are authenticated by GitHub and count as they are.
 *
 * @example
 * ```ts
 * checks({ ...context, options: { required: ['unit', 'e2e'], of: 'head' } });
 * // { status: 'fail', message: "A: check e2e failed on A's head 1a2b3c4 (https://ci.example.com/7); …" }
 * ```
 */
export function checks(context: RuleContext): RuleResult {
  const options = parseRuleOptions({ rule: 'checks', schema: checksOptionsSchema, options: context.options });
  const { request, target, facts, intent } = context;
  const of = options.of ?? (target.kind === 'release' ? 'tree' : 'head');
  const ids = intent.requestIds;
  let about: (check: CheckResult) => boolean;
  let where: string;
  let passedOn: string;
  let howToRecord: (names: readonly string[]) => string;
  const recording = options.from.includes('relctl');
  const one = (names: readonly string[]) => (names.length === 1 ? (names[0] as string) : '<name>');
  if (of === 'head') {
    about = (check) => check.sha === request.head;
    where = `${request.id}'s head ${shortSha(request.head)}`;
    passedOn = `its head ${shortSha(request.head)}`;
    howToRecord = (names) =>
      recording
        ? `rerun ${names.length === 1 ? 'it' : names.join(', ')} and record the result (relctl check record ${one(names)} --sha ${request.head} --result pass)`
        : `rerun ${names.join(', ')} on ${shortSha(request.head)}`;
  } else {
    const computed = (facts.candidates ?? []).find((entry) => entry.env === target.name && sameSet(entry.requestIds, ids));
    if (computed === undefined) {
      return {
        status: 'fail',
        message: `${request.id}: the tree a promotion of ${ids.join(', ')} into ${target.name} would ship is unknown (the caller did not compute it), so no check result can be matched to it; promote with relctl, or override with a reason.`,
      };
    }
    if (computed.tree === null) {
      return {
        status: 'fail',
        message: `${request.id}: ${ids.join(', ')} do not merge cleanly into ${target.name}, so no check can have run on what would ship; see relctl conflicts.`,
      };
    }
    const tree = computed.tree;
    about = (check) => check.tree === tree;
    where = `tree ${shortSha(tree)} that ${target.name} would get from ${ids.join(', ')}`;
    passedOn = `tree ${shortSha(tree)}, the tree ${target.name} would get`;
    howToRecord = (names) =>
      `build a candidate of exactly these requests (relctl candidate ${ids.join(' ')}), run ${names.join(', ')} on its commit` +
      (recording ? ` and record the result (relctl check record ${one(names)} --sha <candidate commit> --result pass)` : '');
  }
  // Where signatures are required, a result anyone could have written into the log needs one.
  const refusal = (check: CheckResult): string | undefined => {
    if (check.source !== 'relctl') return undefined;
    const who = approverOf({ env: target, by: check.by, signature: check.signature });
    return 'refused' in who ? who.refused : undefined;
  };
  const sources = new Set<CheckResult['source']>(options.from.flatMap((from) => (from === 'relctl' ? ['relctl' as const] : ['github-check' as const, 'github-status' as const])));
  const problems: string[] = [];
  const rerun: string[] = [];
  for (const name of options.required) {
    const named = (facts.checks ?? []).filter((check) => check.name === name && sources.has(check.source));
    const pinned = named.filter(about);
    const counted = pinned.filter((check) => refusal(check) === undefined);
    const result = latest(counted);
    const link = (check: CheckResult) => (check.url === undefined ? '' : ` (${check.url})`);
    if (result?.result === 'pass') continue;
    if (result?.result === 'fail') {
      problems.push(`check ${name} failed on ${where}${link(result)}`);
      rerun.push(name);
      continue;
    }
    if (result?.result === 'pending') {
      problems.push(`check ${name} is still pending on ${where}${link(result)}`);
      continue;
    }
    const notes: string[] = [];
    const unsigned = pinned.filter((check) => refusal(check) !== undefined);
    if (unsigned.length > 0) {
      notes.push(
        `the result recorded by ${unsigned.map((check) => check.by).join(', ')} does not count: ${refusal(unsigned[0] as CheckResult)} (${target.name} requires signed records; relctl check record signs with your git signing key)`,
      );
    }
    const elsewhere = [...new Set(named.filter((check) => !about(check)).map((check) => shortSha(check.sha)))];
    if (elsewhere.length > 0) {
      const shown = elsewhere.length > 3 ? `${elsewhere.slice(0, 3).join(', ')} and ${elsewhere.length - 3} more` : elsewhere.join(', ');
      notes.push(`results for ${shown} are about another commit and do not count`);
    }
    problems.push(`check ${name} has no result for ${where}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
    rerun.push(name);
  }
  if (problems.length === 0) {
    return { status: 'pass', message: `${request.id}: ${options.required.join(', ')} passed on ${passedOn}.` };
  }
  const hint = rerun.length > 0 ? `${howToRecord(rerun)}, or override with a reason` : 'wait for it to finish, or override with a reason';
  return { status: 'fail', message: `${request.id}: ${problems.join('; ')}; ${hint}.` };
}
