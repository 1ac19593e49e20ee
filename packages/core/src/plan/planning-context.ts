import { NotFoundError, UsageError } from '../errors/index.js';
import type { Environment } from '../model/environment.js';
import type { EnvironmentMember, EnvironmentState, Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';

/** Lookups every planner needs, built once from the policy and the facts (internal to `plan/`). */
export interface PlanningContext {
  policy: Policy;
  facts: Facts;
  /** The release environment (exactly one per policy). */
  release: Environment;
  /** The environment named `name`; UsageError when there is none. */
  env(name: string): Environment;
  /** The observed state of an environment (empty when the adapter saw nothing). */
  state(name: string): EnvironmentState;
  /** The request with this id; NotFoundError when there is none. */
  request(id: string): Request;
  /** The request with this id, or `undefined`. */
  findRequest(id: string): Request | undefined;
  /** Full ref of a short branch name. */
  branchRef(branch: string): string;
  /** Full ref of an environment's branch. */
  envRef(env: Environment): string;
  /** Full ref of a request's branch. */
  requestRef(request: Request): string;
  /** The environment an integration environment is rebuilt from (its `base`, else the release environment). */
  baseOf(env: Environment): Environment;
  /** The release environment's member for a request when it holds the request's current head. */
  inRelease(request: Request): EnvironmentMember | undefined;
  /** The current tip of the audit log (`facts.logTip`, else the id of the last event read), `null` for a new log. */
  logTip: Sha | null;
}

/**
 * Build the {@link PlanningContext} of one planning call.
 *
 * @throws UsageError when the policy has no release environment.
 * @example
 * ```ts
 * const ctx = createPlanningContext({ policy, facts });
 * ctx.envRef(ctx.release); // 'refs/heads/main'
 * ```
 */
export function createPlanningContext(options: { policy: Policy; facts: Facts }): PlanningContext {
  const { policy, facts } = options;
  const release = policy.environments.find((env) => env.kind === 'release');
  if (release === undefined) {
    throw new UsageError('The policy has no release environment; add one environment with kind "release".', {});
  }
  const envs = new Map(policy.environments.map((env) => [env.name, env]));
  const states = new Map(facts.environments.map((state) => [state.name, state]));
  const requests = new Map(facts.requests.map((request) => [request.id, request]));
  const last = facts.events[facts.events.length - 1];
  const branchRef = (branch: string): string => `refs/heads/${branch}`;

  const env = (name: string): Environment => {
    const found = envs.get(name);
    if (found === undefined) {
      const known = policy.environments.map((item) => item.name).join(', ');
      throw new UsageError(`Unknown environment "${name}"; use one of: ${known}.`, { env: name, known: [...envs.keys()] });
    }
    return found;
  };
  const state = (name: string): EnvironmentState => states.get(name) ?? { name, tip: null, members: [] };
  const findRequest = (id: string): Request | undefined => requests.get(id);

  return {
    policy,
    facts,
    release,
    env,
    state,
    findRequest,
    request(id) {
      const found = findRequest(id);
      if (found === undefined) {
        throw new NotFoundError(`Request "${id}" does not exist; see \`relctl request list\` (its branch is ${policy.requestPrefix}${id}).`, { requestId: id });
      }
      return found;
    },
    branchRef,
    envRef: (environment) => branchRef(environment.branch),
    requestRef: (request) => branchRef(request.branch),
    baseOf(environment) {
      return environment.base === undefined ? release : env(environment.base);
    },
    inRelease(request) {
      return state(release.name).members.find((member) => member.requestId === request.id && member.sha === request.head);
    },
    logTip: facts.logTip !== undefined ? facts.logTip : (last?.id ?? null),
  };
}
