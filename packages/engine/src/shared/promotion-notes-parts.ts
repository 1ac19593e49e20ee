import type { Facts, PromotionDecision, Request } from '@relctl/core';
import type { GoingRequest, StayingRequest } from '@relctl/release-notes';

/** Whether an environment member is held at its request's current head. */
export function atHead(facts: Facts) {
  return (member: { requestId: string; sha: string }) => facts.requests.some((request) => request.id === member.requestId && request.head === member.sha);
}

/**
 * A request that ships, as the release notes list it, with the recorded resolutions its merge into
 * `env` applies (`facts.resolutions`), and whether the decision checked it against the hotfix rules.
 */
export function goingRequest(facts: Facts, id: string, env?: string, decision?: PromotionDecision): GoingRequest {
  const request = facts.requests.find((candidate) => candidate.id === id) as Request;
  const resolutions = (facts.resolutions ?? []).filter((use) => use.requestId === id && use.env === env).map(({ path, commit, by }) => ({ path, commit, by }));
  return {
    id,
    title: request.title,
    ...(request.requester ? { requester: request.requester } : {}),
    bump: request.changeset?.bump ?? 'none',
    note: request.changeset?.summary ?? request.title,
    sha: request.head,
    ...(resolutions.length > 0 ? { resolutions } : {}),
    ...(decision?.hotfixRules?.includes(id) ? { hotfixRules: true } : {}),
  };
}

/** A request that stays behind, with the failing rules as its reasons. */
export function stayingRequest(request: Request, decision: PromotionDecision): StayingRequest {
  const reasons = decision.outcomes
    .filter((outcome) => outcome.requestId === request.id && outcome.status === 'fail' && !outcome.override)
    .map((outcome) => `${outcome.rule}: ${outcome.message.replace(/[.\s]+$/, '')}`);
  return { id: request.id, title: request.title, reasons: reasons.length > 0 ? reasons : ['not chosen for this promotion'] };
}
