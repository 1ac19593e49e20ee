import { evaluatePromotion, lifecycleFromEvents, validateRequestId, type Environment } from '@relctl/core';
import { carriedNotes } from '../shared/carried-notes.js';
import { previewRelease, renderPromotionNotes, type GoingRequest, type PromotionNotes, type ReleasePreview, type StayingRequest } from '@relctl/release-notes';
import type { CliContext } from '../context/open-context.js';
import { addCandidateFacts } from '../conflicts/add-candidate-facts.js';
import { plannedResolutions } from '../conflicts/planned-resolutions.js';
import { withSigners } from '../conflicts/with-signers.js';
import { describeVersionChange } from '../shared/version-change-notes.js';
import { branchRef, gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { findEnvironment } from '../shared/find-environment.js';
import { atHead, goingRequest, stayingRequest } from '../shared/promotion-notes-parts.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link previewNotes}.
 *
 * @example
 * ```ts
 * const options: PreviewNotesOptions = { session, requestIds: ['A', 'C'] };
 * ```
 */
export interface PreviewNotesOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The requests to ship; default (empty or left out): every request the rules allow. */
  requestIds?: string[];
  /** The target environment's name; default: the release environment. */
  to?: string;
}

/**
 * What {@link previewNotes} found.
 *
 * @example
 * ```ts
 * const { notes }: PreviewNotesResult = await previewNotes({ session });
 * console.log(notes.markdown);
 * ```
 */
export interface PreviewNotesResult {
  target: Environment;
  /** The notes, as markdown (for a pull request body) and as JSON. */
  notes: PromotionNotes;
  /** The requests that would ship, in merge order. */
  going: GoingRequest[];
  /** The open requests that stay behind, and why. */
  staying: StayingRequest[];
  /** The release it would cut (version, previous version…); `null` when the target branch does not exist. */
  preview: ReleasePreview | null;
}

/**
 * The release notes of a pending promotion, as `relctl notes` writes them: what goes (title,
 * requester, bump, note, SHA), what stays behind and why (judged as `promote` judges it), and the
 * resulting version. Reading a version someone changed by hand on a request is reported as a
 * `warning` event. Changes nothing.
 *
 * @example
 * ```ts
 * const { notes, preview } = await previewNotes({ session, requestIds: ['A', 'C'] });
 * console.log(preview?.version, notes.markdown);
 * ```
 */
export async function previewNotes(options: PreviewNotesOptions): Promise<PreviewNotesResult> {
  const context = options.session;
  const target = options.to ? findEnvironment(context.policy, options.to) : releaseEnvironment(context.policy);
  const ids = (options.requestIds ?? []).map(String);
  ids.forEach((id) => validateRequestId(id));
  await readFromRemote(context);
  const facts = await gatherFacts(context);
  const held = new Set(
    facts.environments
      .find((env) => env.name === target.name)
      ?.members.filter(atHead(facts))
      .map((m) => m.requestId),
  );
  const lives = lifecycleFromEvents({ events: facts.events, releaseEnv: releaseEnvironment(context.policy).name });
  // A closed request is going nowhere until it is reopened.
  const open = facts.requests.filter((request) => !held.has(request.id) && lives.get(request.id)?.closed === undefined);
  const judge = (candidates: string[]) =>
    evaluatePromotion({ policy: context.policy, facts, intent: { target: target.name, requestIds: candidates, overrides: [] }, customRules: context.customRules });
  const asked = ids.length > 0 ? ids : open.map((request) => request.id);
  // Judged as promote judges it: resolved content its merges would apply needs a covering approval.
  facts.resolutions = await withSigners(context, await plannedResolutions(context, facts, target, asked));
  // The tree the promotion would ship, when resolved content or a rule (verified-candidate, checks) needs it.
  await addCandidateFacts({ context, facts, target, intent: { target: target.name, requestIds: asked, overrides: [] }, force: facts.resolutions.length > 0 });
  const decision = judge(asked);
  const goingIds = ids.length > 0 && decision.allowed ? decision.order : decision.order.filter((id) => !decision.denied.includes(id));
  const going = goingIds.map((id) => carriedNotes({ policy: context.policy, facts, env: target, going: goingRequest(facts, id, target.name, decision) }));
  const staying = open.filter((request) => !goingIds.includes(request.id)).map((request) => stayingRequest(request, decision));
  const tip = await context.git.readRef(branchRef(target.branch));
  const preview = tip
    ? await previewRelease({ git: context.git, commit: tip, requests: going.map((request) => ({ id: request.id, head: request.sha })), tagPrefix: context.policy.tagPrefix })
    : null;
  if (target.kind === 'release') for (const change of preview?.versionChanges ?? []) context.emit({ type: 'warning', message: describeVersionChange(change, target.branch) });
  const notes = renderPromotionNotes({
    env: target.name,
    going,
    staying,
    version: preview?.version ?? '-',
    previousVersion: preview?.previousVersion ?? null,
  });
  return { target, notes, going, staying, preview };
}
