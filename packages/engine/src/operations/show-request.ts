import { NotFoundError, statusCarry, validateRequestId, type Approval, type AuditEvent, type Request, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link showRequest}.
 *
 * @example
 * ```ts
 * const options: ShowRequestOptions = { session, id: 'A' };
 * ```
 */
export interface ShowRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  id: string;
}

/**
 * Where a request is in one environment: `in` at its head, `stale` at an older SHA (`sha`), or `absent`.
 *
 * @example
 * ```ts
 * const place: RequestPlacement = { env: 'test', state: 'stale', sha: '1a2b3c4…' };
 * ```
 */
export interface RequestPlacement {
  env: string;
  state: 'in' | 'stale' | 'absent';
  sha: string | null;
  /** It holds an earlier head whose test record carries to the head across trivial syncs (`state` is then `in`). */
  carried?: { from: Sha; to: Sha };
}

/**
 * What {@link showRequest} found.
 *
 * @example
 * ```ts
 * const { request, environments, approvals, events }: ShowRequestResult = await showRequest({ session, id: 'A' });
 * ```
 */
export interface ShowRequestResult {
  request: Request;
  /** One entry per environment, in the policy's order. */
  environments: RequestPlacement[];
  /** Its approvals; `fresh` when given at its current head or carried to it (`carried`, across trivial syncs). */
  approvals: Array<Approval & { fresh: boolean; carried?: { from: Sha; to: Sha } }>;
  /** The audit events naming it, oldest first. */
  events: AuditEvent[];
}

/**
 * One request in detail, as `relctl request show <id>` shows it: its branch and head, where it is,
 * its approvals (stale ones marked) and its audit events. Changes nothing.
 *
 * @throws NotFoundError when there is no such request.
 * @example
 * ```ts
 * const { environments } = await showRequest({ session, id: 'A' });
 * console.log(environments.map((place) => `${place.env}: ${place.state}`).join('\n'));
 * ```
 */
export async function showRequest(options: ShowRequestOptions): Promise<ShowRequestResult> {
  const context = options.session;
  const id = options.id;
  validateRequestId(id);
  await readFromRemote(context);
  const facts = await gatherFacts(context);
  const request = facts.requests.find((candidate) => candidate.id === id);
  if (!request) throw new NotFoundError(`There is no request "${id}"; see "relctl request list".`, { id });
  const { policy } = context;
  const environments = facts.environments.map((env): RequestPlacement => {
    const member = env.members.find((candidate) => candidate.requestId === request.id);
    const place: RequestPlacement = { env: env.name, state: member ? (member.sha === request.head ? 'in' : 'stale') : 'absent', sha: member?.sha ?? null };
    const settings = policy.environments.find((candidate) => candidate.name === env.name);
    const carried = member && settings ? statusCarry({ policy, facts, request, env: settings, sha: member.sha, kind: 'member' }) : undefined;
    return carried === undefined ? place : { ...place, state: 'in', carried };
  });
  const approvals = facts.approvals
    .filter((approval) => approval.requestId === request.id)
    .map((approval) => {
      const settings = policy.environments.find((candidate) => candidate.name === approval.env);
      const carried = settings ? statusCarry({ policy, facts, request, env: settings, sha: approval.sha, kind: 'approval' }) : undefined;
      return carried === undefined ? { ...approval, fresh: approval.sha === request.head } : { ...approval, fresh: true, carried };
    });
  const events = facts.events.filter((event) => event.requestIds?.includes(request.id));
  return { request, environments, approvals, events };
}
