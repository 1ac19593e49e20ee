import { NotFoundError, validateRequestId, type Approval, type AuditEvent, type Request } from '@relctl/core';
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
  /** Its approvals; `fresh` when given at its current head. */
  approvals: Array<Approval & { fresh: boolean }>;
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
  const environments = facts.environments.map((env): RequestPlacement => {
    const member = env.members.find((candidate) => candidate.requestId === request.id);
    return { env: env.name, state: member ? (member.sha === request.head ? 'in' : 'stale') : 'absent', sha: member?.sha ?? null };
  });
  const approvals = facts.approvals.filter((approval) => approval.requestId === request.id).map((approval) => ({ ...approval, fresh: approval.sha === request.head }));
  const events = facts.events.filter((event) => event.requestIds?.includes(request.id));
  return { request, environments, approvals, events };
}
