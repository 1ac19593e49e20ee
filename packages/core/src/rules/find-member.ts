import type { EnvironmentMember, Facts } from '../model/facts.js';

/** Options of {@link findMember}. */
export interface FindMemberOptions {
  facts: Facts;
  /** Environment name. */
  env: string;
  requestId: string;
}

/**
 * The member entry of a request in an environment's observed state, or `undefined` when the
 * environment does not hold the request (or nothing is known about the environment).
 *
 * @example
 * ```ts
 * findMember({ facts, env: 'test', requestId: 'A' })?.sha;
 * ```
 */
export function findMember(options: FindMemberOptions): EnvironmentMember | undefined {
  const state = options.facts.environments.find((environment) => environment.name === options.env);
  return state?.members.find((member) => member.requestId === options.requestId);
}
