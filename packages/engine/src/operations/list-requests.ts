import { lifecycleFromEvents, type Request, type RequestLifecycle } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link listRequests}.
 *
 * @example
 * ```ts
 * const options: ListRequestsOptions = { session };
 * ```
 */
export interface ListRequestsOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
}

/**
 * A request with the environments holding it (at any SHA), in the policy's order.
 *
 * @example
 * ```ts
 * const listed: ListedRequest = { ...request, environments: ['test'] };
 * ```
 */
export type ListedRequest = Request & {
  environments: string[];
  /** Set while the request is closed (`relctl request close`): who closed it, when and why. */
  closed?: RequestLifecycle['closed'];
};

/**
 * What {@link listRequests} found.
 *
 * @example
 * ```ts
 * const { requests, now }: ListRequestsResult = await listRequests({ session });
 * ```
 */
export interface ListRequestsResult {
  requests: ListedRequest[];
  /** When the facts were read (epoch milliseconds), to tell a request's age. */
  now: number;
}

/**
 * Every request and where it is, as `relctl request list` shows them: the remote's truth (fetched
 * first unless the session is offline) plus whatever is only in this clone. Changes nothing.
 *
 * @example
 * ```ts
 * const { requests } = await listRequests({ session });
 * for (const request of requests) console.log(request.id, request.environments.join(', ') || '-');
 * ```
 */
export async function listRequests(options: ListRequestsOptions): Promise<ListRequestsResult> {
  const context = options.session;
  await readFromRemote(context);
  const facts = await gatherFacts(context);
  const where = (id: string) => facts.environments.filter((env) => env.members.some((member) => member.requestId === id)).map((env) => env.name);
  const lives = lifecycleFromEvents({ events: facts.events, releaseEnv: releaseEnvironment(context.policy).name });
  const closedOf = (id: string) => {
    const closed = lives.get(id)?.closed;
    return closed === undefined ? {} : { closed };
  };
  return { requests: facts.requests.map((request) => ({ ...request, environments: where(request.id), ...closedOf(request.id) })), now: facts.now };
}
