import { NotFoundError, UsageError } from '../errors/index.js';
import { isValidRequestId } from '../policy/is-valid-request-id.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Bump } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import { requireReleaseTip } from './require-release-tip.js';

/**
 * Options of {@link planRequestCreate}.
 *
 * @example
 * ```ts
 * planRequestCreate({ policy, facts, id: 'csv-export', title: 'CSV export', bump: 'minor', dependsOn: ['A'], command: 'request new csv-export' });
 * ```
 */
export interface PlanRequestCreateOptions {
  policy: Policy;
  facts: Facts;
  /** The new request's id (see `REQUEST_ID_PATTERN`). */
  id: string;
  /** One line saying what the user asked for; also the changeset's release note. */
  title: string;
  /** Who asked for the change. */
  requester?: string;
  bump: Bump;
  /**
   * The text of `.changeset/<id>.md`, when the shell formatted it (e.g. in the changesets form for
   * the repository's package). Default: relctl's form with `bump` and the title.
   */
  changeset?: string;
  /** Ids of existing requests this one needs first. */
  dependsOn: readonly string[];
  /**
   * A hotfix: the `request-created` event records `hotfix: true` (stored there once, read back as
   * `Request.hotfix`), so its promotions are checked against the environments' `hotfixRules`.
   */
  hotfix?: boolean;
  command: string;
}

const BUMPS: readonly string[] = ['major', 'minor', 'patch', 'none'];

/**
 * Plan creating a request: its branch `<prefix><id>` is cut from the release branch's tip, one
 * commit adds `.changeset/<id>.md` (relctl's form: `---\nbump: <bump>\n---\n\n<title>\n`), a
 * `request-created` event records title, requester, dependencies, bump and, for a hotfix,
 * `hotfix: true` (its `sha` is the new branch head), then `update-refs` [request ref (expected
 * absent), log] and `push`. A hotfix starts from the same place as every request: production's tip.
 *
 * @throws UsageError for an invalid id, an empty title, an unknown bump, a request that already
 *   exists or one depending on itself; NotFoundError when a dependency does not exist;
 *   StateError when the release branch does not exist.
 * @example
 * ```ts
 * const plan = planRequestCreate({ policy, facts, id: 'csv-export', title: 'CSV export', bump: 'minor', dependsOn: [], command: 'request new csv-export' });
 * ```
 */
export function planRequestCreate(options: PlanRequestCreateOptions): Plan {
  const ctx = createPlanningContext(options);
  const { id, bump } = options;
  if (!isValidRequestId(id)) {
    throw new UsageError(`"${id}" is not a valid request id; use a letter or digit, then up to 63 letters, digits, ".", "_" or "-" (no "..", not ending in "." or ".lock").`, {
      id,
    });
  }
  if (ctx.findRequest(id) !== undefined) {
    throw new UsageError(`Request "${id}" already exists; choose another id or see \`relctl request show ${id}\`.`, { id });
  }
  const title = options.title.replace(/\s+/g, ' ').trim();
  if (title === '') throw new UsageError('A request needs a title; pass one line saying what the user asked for.', { id });
  if (!BUMPS.includes(bump)) {
    throw new UsageError(`Unknown bump "${String(bump)}"; use major, minor, patch or none.`, { id, bump });
  }
  const dependsOn = [...new Set(options.dependsOn)];
  for (const dependency of dependsOn) {
    if (dependency === id) throw new UsageError(`Request "${id}" cannot depend on itself; remove it from the dependencies.`, { id });
    if (ctx.findRequest(dependency) === undefined) {
      throw new NotFoundError(`Dependency "${dependency}" of "${id}" does not exist; create it first or check \`relctl request list\`.`, { id, dependency });
    }
  }
  const prod = ctx.release;
  const prodRef = ctx.envRef(prod);
  const prodTip = requireReleaseTip(ctx);
  const ref = ctx.branchRef(`${ctx.policy.requestPrefix}${id}`);
  const data: Record<string, unknown> = { title };
  if (options.requester !== undefined && options.requester !== '') data['requester'] = options.requester;
  data['dependsOn'] = dependsOn;
  data['bump'] = bump;
  if (options.hotfix === true) data['hotfix'] = true;
  return {
    command: options.command,
    expected: { [ref]: null, [prodRef]: prodTip, [AUDIT_LOG_REF]: ctx.logTip },
    steps: [
      { kind: 'reset', ref, to: { ref: prodRef } },
      {
        kind: 'commit-files',
        ref,
        files: { [`.changeset/${id}.md`]: options.changeset ?? `---\nbump: ${bump}\n---\n\n${title}\n` },
        message: `Start request ${id}: ${title}`,
      },
      ...closingSteps({
        ctx,
        records: [{ kind: 'record', event: { type: 'request-created', requestIds: [id], data }, shaOf: ref }],
        refs: [ref],
      }),
    ],
    notes: [],
  };
}
