import {
  approvalsFromEvents,
  isValidRequestId,
  membersFromHistory,
  requestFromBranch,
  sinceFromEvents,
  type AuditEvent,
  type Environment,
  type EnvironmentMember,
  type EnvironmentState,
  type Facts,
  type GitPort,
  type Policy,
  type Request,
} from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { readVersion } from './read-version.js';

/** How far back relctl looks on a release branch for merges of requests that moved since. */
const RELEASE_HISTORY_LIMIT = 500;
/** An integration branch is a base plus one merge per request; this bounds a corrupted one. */
const INTEGRATION_HISTORY_LIMIT = 2_000;

/**
 * Observe the repository and return the {@link Facts} the core decides on: request branches and
 * their changesets, environment contents derived from first-parent merges and ancestry, and the
 * audit log's events and approvals. Nothing is stored twice: all of it is read from git.
 */
export async function gatherFacts(context: CliContext): Promise<Facts> {
  const { git, policy } = context;
  const events = await context.log.read();
  const release = releaseEnvironment(policy);
  const releaseTip = await git.readRef(branchRef(release.branch));
  const requests = await readRequests(git, policy, events, releaseTip);
  const environments: EnvironmentState[] = [];
  for (const env of policy.environments) {
    environments.push(
      env.kind === 'release'
        ? await releaseState(git, env, requests, releaseTip, policy, events)
        : await integrationState(git, env, events),
    );
  }
  return { now: context.io.now(), requests, environments, approvals: approvalsFromEvents(events), events, conflicts: [] };
}

/** The policy's one release environment. */
export function releaseEnvironment(policy: Policy): Environment {
  const env = policy.environments.find((candidate) => candidate.kind === 'release');
  if (!env) throw new Error('A validated policy always has a release environment.');
  return env;
}

/** `refs/heads/<branch>`. */
export function branchRef(branch: string): string {
  return `refs/heads/${branch}`;
}

async function readRequests(git: GitPort, policy: Policy, events: AuditEvent[], releaseTip: string | null): Promise<Request[]> {
  const prefix = branchRef(policy.requestPrefix);
  const requests: Request[] = [];
  for (const { ref, sha } of await git.listRefs(prefix)) {
    const id = ref.slice(prefix.length);
    if (!isValidRequestId(id)) continue;
    const bytes = await git.readFile(sha, `.changeset/${id}.md`);
    const changeset = bytes ? new TextDecoder().decode(bytes) : null;
    const created = [...events].reverse().find((event) => event.type === 'request-created' && event.requestIds?.includes(id)) ?? null;
    const subject = created || changeset ? null : await firstOwnSubject(git, sha, releaseTip);
    const request = requestFromBranch({ branch: ref, prefix: policy.requestPrefix, head: sha, changeset, created, firstCommitSubject: subject ?? null });
    if (request) requests.push(request);
  }
  return requests;
}

async function firstOwnSubject(git: GitPort, head: string, releaseTip: string | null): Promise<string | undefined> {
  const [base] = releaseTip ? await git.mergeBases(head, releaseTip) : [];
  const own = await git.firstParentHistory(head, { ...(base ? { until: base } : {}), limit: 200 });
  return own.at(-1)?.message.split('\n')[0];
}

async function integrationState(git: GitPort, env: Environment, events: AuditEvent[]): Promise<EnvironmentState> {
  const tip = await git.readRef(branchRef(env.branch));
  if (!tip) return { name: env.name, tip: null, base: null, members: [] };
  const commits = await git.firstParentHistory(tip, { limit: INTEGRATION_HISTORY_LIMIT });
  const { base, members } = membersFromHistory({ env, commits });
  // A rebuild writes new merge commits; the audit log remembers when each request really arrived.
  const arrived = members.map((member) => {
    const since = sinceFromEvents({ events, env: env.name, requestId: member.requestId }) ?? member.since;
    return since === undefined ? member : { ...member, since };
  });
  return { name: env.name, tip, base, members: arrived };
}

async function releaseState(
  git: GitPort,
  env: Environment,
  requests: Request[],
  tip: string | null,
  policy: Policy,
  events: AuditEvent[],
): Promise<EnvironmentState> {
  if (!tip) return { name: env.name, tip: null, members: [], version: null };
  const merged = membersFromHistory({ env, commits: await git.firstParentHistory(tip, { limit: RELEASE_HISTORY_LIMIT }) }).members;
  const members: EnvironmentMember[] = [];
  for (const request of requests) {
    const mergedAt = merged.find((member) => member.requestId === request.id);
    if (await git.isAncestor(request.head, tip)) {
      members.push({ ...mergedAt, requestId: request.id, sha: request.head, ...promotedSince(events, request.id, env.name, mergedAt) });
    } else if (mergedAt) {
      members.push(mergedAt);
    }
  }
  return { name: env.name, tip, members, version: await readVersion(git, policy.tagPrefix) };
}

function promotedSince(events: AuditEvent[], id: string, env: string, merged: EnvironmentMember | undefined): { since?: number } {
  const promoted = events.find((event) => event.type === 'promoted' && event.env === env && event.requestIds?.includes(id));
  const since = promoted?.at ?? merged?.since;
  return since === undefined ? {} : { since };
}
