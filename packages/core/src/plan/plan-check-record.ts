import { UsageError } from '../errors/index.js';
import type { CheckOutcome, Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { checksFromEvents } from '../facts/checks-from-events.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

/** The longest check name relctl records, in characters. */
const NAME_LIMIT = 100;
/** The longest link relctl records, in characters. */
const URL_LIMIT = 2000;

/**
 * Options of {@link planCheckRecord}.
 *
 * @example
 * ```ts
 * const options: PlanCheckRecordOptions = { policy, facts, name: 'unit', sha, result: 'pass', actor: 'CI <ci@example.com>', command: 'check record unit' };
 * ```
 */
export interface PlanCheckRecordOptions {
  policy: Policy;
  facts: Facts;
  /** The check's name (`unit`, `e2e`), as the `checks` rule's `required` list names it. */
  name: string;
  /** The full SHA of the commit the result is about (a request head, a candidate commit). */
  sha: string;
  result: CheckOutcome;
  /** A link to the run's log (http or https). */
  url?: string | undefined;
  /** Who records it (`Name <email>`): the same result recorded again by them is nothing to do. */
  actor: string;
  command: string;
}

/**
 * Plan recording one check result about one commit: a `checked` event (`sha` = the commit,
 * `data` = name, result, url), `update-refs` [log] and `push`. When the latest result the same
 * person recorded for this check and commit is this very one, the plan has no steps.
 *
 * @throws UsageError for an empty or overlong name, a SHA that is not 40 (or 64) hex digits, a
 * result other than pass, fail or pending, or a link that is not http(s).
 * @example
 * ```ts
 * const plan = planCheckRecord({ policy, facts, name: 'unit', sha: head, result: 'fail', url: 'https://ci.example.com/7', actor: 'CI <ci@x>', command: 'check record unit' });
 * ```
 */
export function planCheckRecord(options: PlanCheckRecordOptions): Plan {
  const { name, sha, result, url } = options;
  // eslint-disable-next-line no-control-regex
  if (name.trim() === '' || Array.from(name).length > NAME_LIMIT || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError(`The check name ${JSON.stringify(name)} is not usable: give 1 to ${NAME_LIMIT} printable characters, like "unit" or "e2e".`, { name });
  }
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) {
    throw new UsageError(`--sha ${JSON.stringify(sha)} is not a full commit SHA: give all 40 hex digits (git rev-parse HEAD), so the result is about exactly one commit.`, { sha });
  }
  if (!(['pass', 'fail', 'pending'] as const).includes(result)) {
    throw new UsageError(`--result ${JSON.stringify(result)} is not one of pass, fail, pending.`, { result });
  }
  if (url !== undefined && (!/^https?:\/\/\S+$/.test(url) || url.length > URL_LIMIT)) {
    throw new UsageError(`--url must be an http(s) link of at most ${URL_LIMIT} characters, like https://ci.example.com/runs/7.`, { url: url.slice(0, 200) });
  }
  const ctx = createPlanningContext(options);
  const expected = { [AUDIT_LOG_REF]: ctx.logTip };
  const mine = checksFromEvents({ events: ctx.facts.events }).filter((check) => check.name === name && check.sha === sha && check.by === options.actor);
  const last = mine.at(-1);
  if (last !== undefined && last.result === result && last.url === url) {
    return { command: options.command, expected, steps: [], notes: [`${options.actor} already recorded ${name} ${result} for ${sha.slice(0, 7)}; nothing to do.`] };
  }
  return {
    command: options.command,
    expected,
    steps: closingSteps({
      ctx,
      records: [{ kind: 'record', event: { type: 'checked', sha, data: { name, result, ...(url === undefined ? {} : { url }) } } }],
      refs: [],
    }),
    notes: [],
  };
}
