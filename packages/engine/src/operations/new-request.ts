import { planRequestCreate, validateRequestId, type Bump, type Plan } from '@relctl/core';
import { formatRequestChangeset } from '@relctl/release-notes';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { branchRef, gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { boundedText } from '../shared/bounded-text.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link newRequest}.
 *
 * @example
 * ```ts
 * const options: NewRequestOptions = { session, id: 'A', title: 'CSV export of orders', requester: 'Kim', bump: 'minor' };
 * ```
 */
export interface NewRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The new request's id (its branch is `<requestPrefix><id>`). */
  id: string;
  /** What the user asked for (default: the id). */
  title?: string;
  /** Who asked for it. */
  requester?: string;
  /** The version bump when it ships. Default `patch`. */
  bump?: Bump;
  /** Requests that must ship first. */
  dependsOn?: string[];
  /**
   * A hotfix: recorded as `hotfix: true` on the `request-created` audit event; its promotions are
   * checked against each environment's `hotfixRules` when it has them. The branch starts from
   * production's tip, as every request's does.
   */
  hotfix?: boolean;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link newRequest} did.
 *
 * @example
 * ```ts
 * const { branch, changesetPath }: NewRequestResult = await newRequest({ session, id: 'A' });
 * ```
 */
export interface NewRequestResult {
  plan: Plan;
  /** The run, `null` for a dry run. */
  result: RunResult | null;
  /** The request's branch name (`req/A`). */
  branch: string;
  /** The changeset file written on it (`.changeset/A.md`). */
  changesetPath: string;
}

/**
 * Create a request, as `relctl request new <id>` does: a branch from the production tip with its
 * changeset (`.changeset/<id>.md`) and a `created` audit event, pushed when there is a remote
 * (a lost push race is retried). An existing id or an unknown dependency is refused with nothing
 * changed.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const { branch } = await newRequest({ session, id: 'A', title: 'CSV export of orders', bump: 'minor' });
 *   console.log(`git switch ${branch}`);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function newRequest(options: NewRequestOptions): Promise<NewRequestResult> {
  const context = options.session;
  const { id } = options;
  boundedText('title', options.title);
  boundedText('requester', options.requester);
  validateRequestId(id);
  const dryRun = options.dryRun === true;
  const bump = options.bump ?? 'patch';
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const title = options.title ?? id;
    const dependsOn = (options.dependsOn ?? []).map(String);
    dependsOn.forEach((dependency) => validateRequestId(dependency));
    const changeset = formatRequestChangeset({ summary: title, bump, packageName: await rootPackageName(context) });
    const plan = planRequestCreate({
      changeset,
      policy: context.policy,
      facts,
      id,
      title,
      ...(options.requester ? { requester: options.requester } : {}),
      bump,
      dependsOn,
      ...(options.hotfix === true ? { hotfix: true } : {}),
      command: `request new ${id}${options.hotfix === true ? ' --hotfix' : ''}`,
    });
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result, branch: `${context.policy.requestPrefix}${id}`, changesetPath: `.changeset/${id}.md` };
  });
}

/**
 * The name of the production tree's root package.json when it is a single package (not an npm
 * workspace root): its changesets then name it, so `changeset` tooling reads them as usual.
 */
async function rootPackageName(context: CliContext): Promise<string | null> {
  const tip = await context.git.readRef(branchRef(releaseEnvironment(context.policy).branch));
  const bytes = tip ? await context.git.readFile(tip, 'package.json') : null;
  if (!bytes) return null;
  try {
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown; workspaces?: unknown };
    return typeof manifest.name === 'string' && manifest.workspaces === undefined ? manifest.name : null;
  } catch {
    return null;
  }
}
