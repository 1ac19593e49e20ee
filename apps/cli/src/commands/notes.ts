import { atHead, goingRequest, stayingRequest } from '@relctl/engine/internal';
import { addCandidateFacts } from '@relctl/engine/internal';
import { plannedResolutions } from '@relctl/engine/internal';
import { withSigners } from '@relctl/engine/internal';
import {
  evaluatePromotion,
  validateRequestId,
  type Facts,
} from '@relctl/core';
import { previewRelease, renderPromotionNotes } from '@relctl/release-notes';
import { branchRef, gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { findEnvironment } from '@relctl/engine/internal';
import { describeVersionChange } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { readFromRemote } from '@relctl/engine/internal';

interface NotesArgs {
  ids: string[];
  to?: string;
  format: 'md' | 'json';
}

/**
 * `relctl notes`: the release notes of a pending promotion — what goes (title, requester, bump,
 * note, SHA), what stays behind and why, and the resulting version — as markdown fit for a pull
 * request body, or JSON.
 */
export const notesCommand = defineCommand<NotesArgs>({
  command: 'notes [ids..]',
  describe: 'Release notes for a pending promotion: what goes, what stays and why, the next version',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, default: [], describe: 'Requests to ship (default: every request the rules allow)' })
      .option('to', { type: 'string', describe: 'Target environment (default: the release environment)' })
      .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown (for a pull request) or JSON' })
      .example('$0 notes A C', 'Notes for shipping A and C')
      .example('$0 notes --format json', 'What the rules would let ship now, as JSON'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const target = args.to ? findEnvironment(context.policy, args.to) : releaseEnvironment(context.policy);
      const ids = args.ids.map(String);
      ids.forEach((id) => validateRequestId(id));
      await readFromRemote(context);
      const facts = await gatherFacts(context);
      const held = new Set(facts.environments.find((env) => env.name === target.name)?.members.filter(atHead(facts)).map((m) => m.requestId));
      const open = facts.requests.filter((request) => !held.has(request.id));
      const judge = (candidates: string[]) =>
        evaluatePromotion({ policy: context.policy, facts, intent: { target: target.name, requestIds: candidates, overrides: [] }, customRules: context.customRules });
      const asked = ids.length > 0 ? ids : open.map((request) => request.id);
      // Judged as promote judges it: resolved content its merges would apply needs a covering approval.
      facts.resolutions = await withSigners(context, await plannedResolutions(context, facts, target, asked));
      // The tree the promotion would ship, when resolved content or a rule (verified-candidate, checks) needs it.
      await addCandidateFacts({ context, facts, target, intent: { target: target.name, requestIds: asked, overrides: [] }, force: facts.resolutions.length > 0 });
      const decision = judge(asked);
      const goingIds = ids.length > 0 && decision.allowed ? decision.order : decision.order.filter((id) => !decision.denied.includes(id));
      const going = goingIds.map((id) => goingRequest(facts, id, target.name));
      const staying = open.filter((request) => !goingIds.includes(request.id)).map((request) => stayingRequest(request, decision));
      const tip = await context.git.readRef(branchRef(target.branch));
      const preview = tip
        ? await previewRelease({ git: context.git, commit: tip, requests: going.map((request) => ({ id: request.id, head: request.sha })), tagPrefix: context.policy.tagPrefix })
        : null;
      if (target.kind === 'release') for (const change of preview?.versionChanges ?? []) io.stderr(`warning: ${describeVersionChange(change, target.branch)}\n`);
      const notes = renderPromotionNotes({
        env: target.name,
        going,
        staying,
        version: preview?.version ?? '-',
        previousVersion: preview?.previousVersion ?? null,
      });
      io.stdout(args.format === 'json' || args.json ? toJson(notes.json) : notes.markdown.endsWith('\n') ? notes.markdown : `${notes.markdown}\n`);
    }),
});

