import {
  AUDIT_LOG_REF,
  approvalsFromEvents,
  isValidRequestId,
  loggedIntegrationMembers,
  membersFromHistory,
  requestFromBranch,
  shippedFromEvents,
  sinceFromEvents,
  type AuditEvent,
  type CommitInfo,
  type Environment,
  type EnvironmentMember,
  type EnvironmentState,
  type Facts,
  type GitPort,
  type Policy,
  type Request,
} from '@relctl/core';
import { ancestorsAmong, firstParentHistory, readFilesAt, type Repository } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { changesetCacheKey, readChangesetCache, writeChangesetCache } from './changeset-cache.js';
import { checkSignatures } from './check-signatures.js';
import { gatherChecks } from './gather-checks.js';
import { checksFromGithub, readGithubChecks } from './read-github-checks.js';
import { describeVersion } from './describe-version.js';

/** How far back relctl looks on a release branch for merges of requests that moved since. */
const RELEASE_HISTORY_LIMIT = 500;
/** An integration branch is a base plus one merge per request; this bounds a corrupted one. */
const INTEGRATION_HISTORY_LIMIT = 2_000;

/** Options of {@link gatherFacts}. */
export interface GatherFactsOptions {
  /**
   * Write the changeset cache when something new was read (default true). `relctl board`
   * promises to write nothing but its page, so it reads without saving.
   */
  saveChangesetCache?: boolean;
}

/**
 * Observe the repository and return the {@link Facts} the core decides on: request branches and
 * their changesets, environment contents derived from first-parent merges and ancestry, and the
 * audit log's events, approvals and recorded check results. Nothing is stored twice: all of it is read from git (the
 * changeset cache, keyed by commit id, only saves reading the same objects again).
 *
 * Batched for speed (200 requests x 2 environments on a 100k-commit history in well under a
 * second): the changesets are read in one pass (or come from the cache), the release branch's
 * membership of every request head is one walk of the commit-graph, and histories are read in
 * this process from the pack files (`@relctl/git`'s history module), on either backend. When that fast path cannot
 * answer (a shallow boundary, an object only the backend reaches) the same question goes
 * through the git port, one call at a time, as before: the facts are the same either way.
 */
export async function gatherFacts(context: CliContext, options: GatherFactsOptions = {}): Promise<Facts> {
  const { git, policy, repo } = context;
  const release = releaseEnvironment(policy);
  const releaseTip = await git.readRef(branchRef(release.branch));
  // The release the branch is at is found while the rest is read (a git process with the system backend).
  const version = describeVersion({ git, repo, tagPrefix: policy.tagPrefix, tip: releaseTip });
  version.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const logTip = await git.readRef(AUDIT_LOG_REF);
  const events = await context.log.read();
  const requests = await readRequests(git, repo, policy, events, releaseTip, options.saveChangesetCache ?? true);
  const environments: EnvironmentState[] = [];
  for (const env of policy.environments) {
    environments.push(
      env.kind === 'release' ? await releaseState(git, repo, env, requests, releaseTip, version, events) : await integrationState(git, repo, env, events, requests),
    );
  }
  const signatures = await checkSignatures(context, events, requests, releaseTip);
  // GitHub's results about request heads and candidates, when a checks rule counts them.
  const extra = checksFromGithub(policy)
    ? await readGithubChecks({ context, shas: [...requests.map((request) => request.head), ...(await git.listRefs('refs/heads/candidate/')).map(({ sha }) => sha)] })
    : [];
  const checks = await gatherChecks({ context, events, signatures, extra });
  return {
    now: context.io.now(),
    requests,
    environments,
    approvals: approvalsFromEvents(events, signatures === undefined ? {} : { signatures }),
    events,
    logTip,
    conflicts: [],
    ...(signatures === undefined ? {} : { signatures }),
    ...(checks.length === 0 ? {} : { checks }),
  };
}

/**
 * The policy's one release environment.
 *
 * @example
 * ```ts
 * releaseEnvironment(session.policy).branch; // 'main'
 * ```
 */
export function releaseEnvironment(policy: Policy): Environment {
  const env = policy.environments.find((candidate) => candidate.kind === 'release');
  if (!env) throw new Error('A validated policy always has a release environment.');
  return env;
}

/**
 * `refs/heads/<branch>`.
 *
 * @example
 * ```ts
 * branchRef('env/test'); // 'refs/heads/env/test'
 * ```
 */
export function branchRef(branch: string): string {
  return `refs/heads/${branch}`;
}

async function readRequests(git: GitPort, repo: Repository, policy: Policy, events: AuditEvent[], releaseTip: string | null, saveCache: boolean): Promise<Request[]> {
  const prefix = branchRef(policy.requestPrefix);
  const branches = (await git.listRefs(prefix)).map(({ ref, sha }) => ({ ref, sha, id: ref.slice(prefix.length) })).filter(({ id }) => isValidRequestId(id));
  const changesets = await readChangesets(git, repo, branches, saveCache);
  // The last `request-created` event naming each request (events are oldest first).
  const createdBy = new Map<string, AuditEvent>();
  for (const event of events) {
    if (event.type !== 'request-created') continue;
    for (const id of event.requestIds ?? []) createdBy.set(id, event);
  }
  const requests: Request[] = [];
  for (const [i, { ref, sha, id }] of branches.entries()) {
    const changeset = changesets[i] ?? null;
    const created = createdBy.get(id) ?? null;
    const subject = created || changeset ? null : await firstOwnSubject(git, sha, releaseTip);
    const request = requestFromBranch({ branch: ref, prefix: policy.requestPrefix, head: sha, changeset, created, firstCommitSubject: subject ?? null });
    if (request) requests.push(request);
  }
  return requests;
}

/**
 * `.changeset/<id>.md` of every request branch, as text (`null`: none): from the changeset cache
 * when this head was read before, else in one in-process pass (the port's reads as fallback).
 */
async function readChangesets(git: GitPort, repo: Repository, branches: Array<{ sha: string; id: string }>, saveCache: boolean): Promise<Array<string | null>> {
  const reads = branches.map(({ sha, id }) => ({ commitOrTree: sha, path: `.changeset/${id}.md` }));
  const keys = reads.map(changesetCacheKey);
  const cache = readChangesetCache(repo.commonDir);
  const missing = reads.filter((_, i) => !cache.has(keys[i] as string));
  if (missing.length > 0) {
    let found: Array<Uint8Array | null>;
    try {
      found = await readFilesAt({ repo, reads: missing });
    } catch {
      found = await Promise.all(missing.map(({ commitOrTree, path }) => git.readFile(commitOrTree, path)));
    }
    const decoder = new TextDecoder();
    missing.forEach((read, i) => {
      const bytes = found[i];
      cache.set(changesetCacheKey(read), bytes ? decoder.decode(bytes) : null);
    });
  }
  // The cache keeps only the current heads: rewritten when something was read or dropped.
  const current = new Map(keys.map((key) => [key, cache.get(key) ?? null]));
  if (saveCache && (missing.length > 0 || cache.size !== current.size)) writeChangesetCache(repo.commonDir, current);
  return keys.map((key) => current.get(key) ?? null);
}

/** The port's `firstParentHistory(tip, { limit })`, read in this process when it can be. */
async function recentHistory(git: GitPort, repo: Repository, tip: string, limit: number): Promise<CommitInfo[]> {
  try {
    return await firstParentHistory({ repo, tip, limit });
  } catch {
    return git.firstParentHistory(tip, { limit });
  }
}

/** The heads among `heads` that `tip` contains: one walk, else one port call per head. */
async function containedHeads(git: GitPort, repo: Repository, heads: string[], tip: string): Promise<Set<string>> {
  try {
    return await ancestorsAmong({ repo, candidates: heads, tip });
  } catch {
    const contained = new Set<string>();
    for (const head of heads) if (await git.isAncestor(head, tip)) contained.add(head);
    return contained;
  }
}

async function firstOwnSubject(git: GitPort, head: string, releaseTip: string | null): Promise<string | undefined> {
  const [base] = releaseTip ? await git.mergeBases(head, releaseTip) : [];
  const own = await git.firstParentHistory(head, { ...(base ? { until: base } : {}), limit: 200 });
  return own.at(-1)?.message.split('\n')[0];
}

async function integrationState(git: GitPort, repo: Repository, env: Environment, events: AuditEvent[], requests: Request[]): Promise<EnvironmentState> {
  const tip = await git.readRef(branchRef(env.branch));
  if (!tip) return { name: env.name, tip: null, base: null, members: [] };
  const state = await heldState(git, repo, env, events, tip);
  const claimed = missingMembers(env, events, state.members, requests);
  if (claimed.length === 0) return state;
  // A request that reached production is in the base a rebuild starts from, so it is no longer
  // one of the branch's merges, yet the log never demoted it: the branch still holds its code.
  const held = await containedHeads(
    git,
    repo,
    claimed.map((member) => member.sha),
    tip,
  );
  const missing = claimed.filter((member) => !held.has(member.sha));
  return missing.length === 0 ? state : { ...state, missing };
}

/**
 * What the audit log says the environment holds and its branch's merges do not name (someone force-pushed
 * it back): each at the SHA the log recorded, else at the request's head; a request whose branch
 * is gone and whose SHA the log did not record cannot be merged again and is left out.
 */
function missingMembers(env: Environment, events: AuditEvent[], members: EnvironmentMember[], requests: Request[]): EnvironmentMember[] {
  const missing: EnvironmentMember[] = [];
  for (const [requestId, logged] of loggedIntegrationMembers({ events, env: env.name, ref: branchRef(env.branch) })) {
    if (members.some((member) => member.requestId === requestId)) continue;
    const sha = logged ?? requests.find((request) => request.id === requestId)?.head;
    if (sha !== undefined) missing.push({ requestId, sha });
  }
  return missing;
}

async function heldState(git: GitPort, repo: Repository, env: Environment, events: AuditEvent[], tip: string): Promise<EnvironmentState> {
  const { base, members } = await integrationMembers(git, repo, env, tip);
  // A rebuild writes new merge commits; the audit log remembers when each request really arrived.
  // sinceFromEvents reads only this environment's promotions and demotions: hand it just those.
  const moves = events.filter((event) => event.env === env.name && (event.type === 'promoted' || event.type === 'demoted'));
  const arrived = members.map((member) => {
    const since = sinceFromEvents({ events: moves, env: env.name, requestId: member.requestId }) ?? member.since;
    return since === undefined ? member : { ...member, since };
  });
  return { name: env.name, tip, base, members: arrived };
}

/**
 * Members and base of an integration branch from as little history as answers it: the walk
 * stops at the first commit that is not one of its merges, so read a few dozen commits first
 * and more only while every commit read is still a merge (up to the corruption bound).
 */
async function integrationMembers(git: GitPort, repo: Repository, env: Environment, tip: string): Promise<ReturnType<typeof membersFromHistory>> {
  for (let limit = 64; ; limit *= 4) {
    const bounded = Math.min(limit, INTEGRATION_HISTORY_LIMIT);
    const commits = await recentHistory(git, repo, tip, bounded);
    const result = membersFromHistory({ env, commits });
    const stoppedInside = result.base !== null && commits.some((commit) => commit.sha === result.base);
    if (stoppedInside || commits.length < bounded || bounded === INTEGRATION_HISTORY_LIMIT) return result;
  }
}

async function releaseState(
  git: GitPort,
  repo: Repository,
  env: Environment,
  requests: Request[],
  tip: string | null,
  version: Promise<string | null>,
  events: AuditEvent[],
): Promise<EnvironmentState> {
  if (!tip) return { name: env.name, tip: null, members: [], version: null };
  const merged = membersFromHistory({ env, commits: await recentHistory(git, repo, tip, RELEASE_HISTORY_LIMIT) }).members;
  const members: EnvironmentMember[] = [];
  const reverted = await revertedMerges(git, events, env.name, tip);
  const contained = await containedHeads(
    git,
    repo,
    requests.map((request) => request.head),
    tip,
  );
  const promoted = firstPromotions(events, env.name);
  for (const request of requests) {
    const mergedAt = merged.find((member) => member.requestId === request.id);
    if (mergedAt?.mergeCommit !== undefined && reverted.has(mergedAt.mergeCommit)) continue;
    if (contained.has(request.head)) {
      members.push({ ...mergedAt, requestId: request.id, sha: request.head, ...promotedSince(promoted, request.id, mergedAt) });
    } else if (mergedAt) {
      members.push(mergedAt);
    }
  }
  members.push(
    ...(await shippedMembers(
      git,
      events,
      env.name,
      tip,
      requests.filter((request) => !members.some((member) => member.requestId === request.id)),
      promoted,
    )),
  );
  return { name: env.name, tip, members, version: await version };
}

/**
 * Requests production holds without containing their heads: a squashed or rebased promotion pull
 * request shipped their content in a new commit, and `after-merge` recorded which heads shipped in
 * it (`released` with `data.shipped`). A request is in when its head is (or precedes) a recorded
 * head and production contains the recorded commit; a commit added to the request since is not.
 */
async function shippedMembers(
  git: GitPort,
  events: AuditEvent[],
  env: string,
  tip: string,
  candidates: Request[],
  promoted: Map<string, AuditEvent>,
): Promise<EnvironmentMember[]> {
  const records = shippedFromEvents(events, env).reverse();
  if (records.length === 0 || candidates.length === 0) return [];
  const members: EnvironmentMember[] = [];
  const held = new Map<string, boolean>();
  const holds = async (commit: string): Promise<boolean> => {
    if (!held.has(commit)) held.set(commit, await git.isAncestor(commit, tip));
    return held.get(commit) === true;
  };
  for (const request of candidates) {
    for (const record of records) {
      const shipped = record.heads[request.id];
      if (shipped === undefined) continue;
      if (request.head !== shipped && !(await git.isAncestor(request.head, shipped))) continue;
      if (!(await holds(record.commit))) continue;
      members.push({ requestId: request.id, sha: request.head, ...promotedSince(promoted, request.id, undefined) });
      break;
    }
  }
  return members;
}

/**
 * Merge commits on the release branch that `relctl revert` took back: a `reverted` event names
 * the merge (`data.mergeCommit`) and its release commit (`sha`), which the branch still holds.
 * A request whose newest merge was reverted is not in the release environment any more.
 */
async function revertedMerges(git: GitPort, events: AuditEvent[], env: string, tip: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const event of events) {
    const merge = event.data?.['mergeCommit'];
    if (event.type !== 'reverted' || event.env !== env || typeof merge !== 'string') continue;
    if (event.sha === undefined || (await git.isAncestor(event.sha, tip))) found.add(merge);
  }
  return found;
}

/** The first `promoted` event into `env` naming each request (events are oldest first). */
function firstPromotions(events: AuditEvent[], env: string): Map<string, AuditEvent> {
  const first = new Map<string, AuditEvent>();
  for (const event of events) {
    if (event.type !== 'promoted' || event.env !== env) continue;
    for (const id of event.requestIds ?? []) if (!first.has(id)) first.set(id, event);
  }
  return first;
}

function promotedSince(promoted: Map<string, AuditEvent>, id: string, merged: EnvironmentMember | undefined): { since?: number } {
  const since = promoted.get(id)?.at ?? merged?.since;
  return since === undefined ? {} : { since };
}
