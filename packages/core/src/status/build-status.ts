import type { AuditEvent } from '../model/audit-event.js';
import type { Environment, EnvironmentKind } from '../model/environment.js';
import type { Approval, CheckOutcome, CheckResult, Facts, KnownConflict } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';
import { isSuccessfulDeployment } from '../audit/is-successful-deployment.js';
import type { AppliedResolution } from '../facts/resolutions-from-trailers.js';
import { approverOf } from '../rules/approver-of.js';
import { statusCarry } from './status-carry.js';
import { rulesForRequest } from '../policy/rules-for-request.js';
import { lifecycleFromEvents, type RequestLifecycle } from '../facts/lifecycle-from-events.js';

/**
 * Options of {@link buildStatus}.
 *
 * @example
 * ```ts
 * const report = buildStatus({ policy, facts });
 * ```
 */
export interface BuildStatusOptions {
  policy: Policy;
  facts: Facts;
}

/**
 * Where one request stands in one environment.
 *
 * @example
 * ```ts
 * const cell: StatusCell = { state: 'stale', sha: 'e3b0c442…', since: 1700000000000, waitedMs: 3_600_000 };
 * ```
 */
export interface StatusCell {
  /**
   * `in`: the environment holds the request's head, or an older head its test record carries from
   * (`carried`); `stale`: an older SHA; `absent`: not there.
   */
  state: 'in' | 'stale' | 'absent';
  /** The environment holds an older head whose change the head provably keeps: its record carries (`sha` → head). */
  carried?: { from: Sha; to: Sha };
  /** The SHA the environment holds. */
  sha?: Sha;
  /** Epoch milliseconds since the request has been there. */
  since?: number;
  /** `facts.now - since`. */
  waitedMs?: number;
  /** Recorded conflict resolutions the environment's merge of the request applied (its trailers). */
  resolutions?: AppliedResolution[];
}

/**
 * One approval of a request, as status shows it.
 *
 * @example
 * ```ts
 * const approval: StatusApproval = { sha: 'e3b0c442…', by: 'Kim <kim@example.com>', at: 1700000000000, fresh: false };
 * ```
 */
export interface StatusApproval {
  sha: Sha;
  by: string;
  at: number;
  /** False when the request's head moved after the approval (and it does not carry). */
  fresh: boolean;
  /** The approval is of an earlier head and carries to the current one across trivial syncs. */
  carried?: { from: Sha; to: Sha };
  /** The allowed signer whose verified signature the approval carries, when it has one. */
  signer?: string;
  /** Why it does not count, when the environment requires signed approvals and this one is not. */
  notCounted?: string;
}

/**
 * The latest result of one check about a request's current head (`missing`: a `checks` rule
 * about the head requires it and nothing reported it yet).
 *
 * @example
 * ```ts
 * const check: StatusCheck = { name: 'e2e', result: 'fail', sha: 'e3b0c442…', source: 'relctl', by: 'CI <ci@example.com>', url: 'https://ci.example.com/7' };
 * ```
 */
export interface StatusCheck {
  name: string;
  result: CheckOutcome | 'missing';
  /** The commit the result is about: the request head. */
  sha: Sha;
  source?: CheckResult['source'];
  by?: string;
  at?: number;
  url?: string;
}

/**
 * A request that waited in an environment longer than that environment's `max-age`.
 *
 * @example
 * ```ts
 * const warning: MaxAgeWarning = { env: 'test', days: 30, waitedMs: 40 * 86_400_000 };
 * ```
 */
export interface MaxAgeWarning {
  env: string;
  /** The limit: the `max-age` rule's `days` option of that environment, default 14. */
  days: number;
  waitedMs: number;
}

/**
 * One request row of the status report.
 *
 * @example
 * ```ts
 * const row: StatusRow = buildStatus({ policy, facts }).requests[0]!;
 * console.log(row.id, row.envs.test?.state, row.shipped); // 'A' 'in' false
 * ```
 */
export interface StatusRow {
  id: string;
  title: string;
  requester?: string;
  head: Sha;
  dependsOn: string[];
  /** One cell per environment, by name. */
  envs: Record<string, StatusCell>;
  /** Approvals per environment name (every environment has a list, maybe empty), oldest first. */
  approvals: Record<string, StatusApproval[]>;
  /** The longest wait beyond a limit, in a non-release environment, when there is one. */
  maxAgeWarning?: MaxAgeWarning;
  /**
   * Checks about the current head: the latest result of each check reported for it, and the
   * checks a head `checks` rule requires that nothing reported (`missing`); absent when none.
   */
  checks?: StatusCheck[];
  /** Known conflicts the request is part of. */
  conflicts: KnownConflict[];
  /** The release environment holds the request's head. */
  shipped: boolean;
  /**
   * Where the request is in its life: `open` (on its way), `shipped` (production holds its head),
   * `closed` (`relctl request close`, until `request reopen`), `reverted` (`relctl revert` took
   * its production release out and it has not shipped again since).
   */
  state: RequestState;
  /** Left out of `relctl status`'s table unless `--all`: shipped and closed requests. */
  hidden: boolean;
  /** Set while the request is closed (`state: 'closed'`): who closed it, when and why (its `closed` event). */
  closed?: { at: number; actor: string; reason?: string };
  /** A hotfix (`relctl request new <id> --hotfix`, `hotfix: true` on its `request-created` event); absent otherwise. */
  hotfix?: true;
}

/**
 * The life state of a request in the status report (see {@link StatusRow.state}).
 *
 * @example
 * ```ts
 * const state: RequestState = 'reverted';
 * ```
 */
export type RequestState = 'open' | 'shipped' | 'closed' | 'reverted';

/**
 * The latest deployment (or rollback) of an environment.
 *
 * @example
 * ```ts
 * const last: StatusDeployment = { type: 'deployed', at: 1700000000000, actor: 'Kim <kim@example.com>', sha: '2c26b46b…', version: '1.4.0' };
 * ```
 */
export interface StatusDeployment {
  type: 'deployed' | 'rolled-back';
  at: number;
  actor: string;
  sha?: Sha;
  version?: string;
  reason?: string;
}

/**
 * One environment of the status report.
 *
 * @example
 * ```ts
 * const env: StatusEnvironment = { name: 'prod', kind: 'release', branch: 'main', tip: '2c26b46b…', version: '1.4.0', requestCount: 3 };
 * ```
 */
export interface StatusEnvironment {
  name: string;
  kind: EnvironmentKind;
  branch: string;
  tip: Sha | null;
  version: string | null;
  /** How many requests the environment holds. */
  requestCount: number;
  lastDeployment?: StatusDeployment;
  /**
   * What the servers run, when it is not the branch tip: the commit of the last successful deploy or
   * rollback differs from the tip (after a rollback, a failed deploy, or a promotion not deployed yet).
   */
  live?: { sha: Sha; version?: string; via: StatusDeployment['type'] };
  /**
   * Filled by the CLI from a `directory` deploy root on this machine: `current` serves a release
   * no deploy verified (a deploy was killed after switching to it, before its `after` hook passed).
   */
  unverifiedRelease?: { release: string; sha: string; version: string | null; lastVerified: string | null };
  /**
   * Integration environments: the build started from a commit that is not its base environment's
   * tip now (production moved after the last rebuild: a hotfix merged by hand, a promotion pull
   * request merged before `relctl after-merge` ran). The next rebuild (`relctl promote <id> --to
   * <env>`, `relctl demote`, or a release through relctl) starts from the tip again.
   */
  staleBase?: { base: Sha; baseEnv: string; baseTip: Sha };
}

/**
 * What `relctl status` shows, as JSON-safe data.
 *
 * @example
 * ```ts
 * const report: StatusReport = buildStatus({ policy, facts });
 * console.log(JSON.stringify(report.environments.map((env) => [env.name, env.version])));
 * ```
 */
export interface StatusReport {
  /** The `facts.now` the report was built for. */
  now: number;
  /** Every request: the ones the table shows by id, then the hidden ones (shipped, closed) by id. */
  requests: StatusRow[];
  /** Environments in policy order. */
  environments: StatusEnvironment[];
  /**
   * Requests closed with `request close --delete-branch`: no branch, so no row; the `closed`
   * event keeps who, when, why and the head `request reopen` creates the branch at. Absent: none.
   */
  deletedBranches?: DeletedBranchRequest[];
}

/**
 * A request whose branch `request close --delete-branch` deleted (see `StatusReport.deletedBranches`).
 *
 * @example
 * ```ts
 * const gone: DeletedBranchRequest = { id: 'D', sha: '1a2b3c4d…', at: 1700000000000, actor: 'Kim <kim@example.com>', reason: 'not wanted' };
 * ```
 */
export interface DeletedBranchRequest {
  id: string;
  /** Its head when closed. */
  sha: Sha;
  at: number;
  actor: string;
  reason?: string;
}

const DEFAULT_MAX_AGE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function maxAgeDays(env: Environment): number {
  const spec = env.rules.find((rule) => rule.rule === 'max-age');
  const days = spec?.options?.['days'];
  return typeof days === 'number' && Number.isFinite(days) && days > 0 ? days : DEFAULT_MAX_AGE_DAYS;
}

function lastDeployment(events: readonly AuditEvent[], env: string): StatusDeployment | undefined {
  let latest: AuditEvent | undefined;
  for (const event of events) {
    if (isSuccessfulDeployment(event) && event.env === env) {
      if (latest === undefined || event.at >= latest.at) latest = event;
    }
  }
  if (latest === undefined) return undefined;
  const deployment: StatusDeployment = {
    type: latest.type === 'deployed' ? 'deployed' : 'rolled-back',
    at: latest.at,
    actor: latest.actor,
  };
  if (latest.sha !== undefined) deployment.sha = latest.sha;
  const version = latest.data?.['version'];
  if (typeof version === 'string') deployment.version = version;
  if (latest.reason !== undefined) deployment.reason = latest.reason;
  return deployment;
}

/** The approvals of each request for each environment (`<id>\0<env>`), in one pass over them all. */
type ApprovalsByRequest = Map<string, Approval[]>;

function approvalsByRequest(approvals: readonly Approval[]): ApprovalsByRequest {
  const grouped: ApprovalsByRequest = new Map();
  for (const approval of approvals) {
    const key = `${approval.requestId}\0${approval.env}`;
    const list = grouped.get(key);
    if (list) list.push(approval);
    else grouped.set(key, [approval]);
  }
  return grouped;
}

function row(policy: Policy, facts: Facts, request: Request, approvedBy: ApprovalsByRequest, life: RequestLifecycle | undefined): StatusRow {
  const envs: Record<string, StatusCell> = {};
  const approvals: Record<string, StatusApproval[]> = {};
  let shipped = false;
  let warning: MaxAgeWarning | undefined;
  for (const env of policy.environments) {
    const state = facts.environments.find((item) => item.name === env.name);
    const member = state?.members.find((item) => item.requestId === request.id);
    let cell: StatusCell = { state: 'absent' };
    if (member !== undefined) {
      cell = { state: member.sha === request.head ? 'in' : 'stale', sha: member.sha };
      const carried = statusCarry({ policy, facts, request, env, sha: member.sha, kind: 'member' });
      if (carried !== undefined) cell = { state: 'in', sha: member.sha, carried };
      if (member.since !== undefined) {
        cell.since = member.since;
        cell.waitedMs = facts.now - member.since;
      }
      if (member.resolutions !== undefined && member.resolutions.length > 0) cell.resolutions = member.resolutions.map((item) => ({ ...item }));
    }
    envs[env.name] = cell;
    if (env.kind === 'release' && cell.state === 'in') shipped = true;
    approvals[env.name] = [...(approvedBy.get(`${request.id}\0${env.name}`) ?? [])]
      .sort((a, b) => a.at - b.at)
      .map((approval) => {
        const shown: StatusApproval = { sha: approval.sha, by: approval.by, at: approval.at, fresh: approval.sha === request.head };
        const carried = statusCarry({ policy, facts, request, env, sha: approval.sha, kind: 'approval' });
        if (carried !== undefined) {
          shown.fresh = true;
          shown.carried = carried;
        }
        if (approval.signature?.status === 'verified') shown.signer = approval.signature.signer;
        const counted = approverOf({ env, by: approval.by, signature: approval.signature });
        if ('refused' in counted) shown.notCounted = counted.refused;
        return shown;
      });
  }
  for (const env of policy.environments) {
    const waitedMs = envs[env.name]?.waitedMs;
    if (shipped || env.kind === 'release' || waitedMs === undefined) continue;
    const days = maxAgeDays(env);
    if (waitedMs > days * DAY_MS && (warning === undefined || waitedMs > warning.waitedMs)) {
      warning = { env: env.name, days, waitedMs };
    }
  }
  const result: StatusRow = {
    id: request.id,
    title: request.title,
    head: request.head,
    dependsOn: [...request.dependsOn],
    envs,
    approvals,
    conflicts: facts.conflicts
      .filter((conflict) => conflict.a === request.id || conflict.b === request.id)
      .map((conflict) => ({ a: conflict.a, b: conflict.b, paths: [...conflict.paths] })),
    shipped,
    state: life?.closed !== undefined ? 'closed' : life?.reverted !== undefined ? 'reverted' : shipped ? 'shipped' : 'open',
    hidden: false,
  };
  result.hidden = result.state === 'closed' || result.state === 'shipped';
  if (life?.closed !== undefined) result.closed = { ...life.closed };
  if (request.hotfix === true) result.hotfix = true;
  if (request.requester !== undefined) result.requester = request.requester;
  if (warning !== undefined) result.maxAgeWarning = warning;
  const checks = headChecks(policy, facts, request);
  if (checks.length > 0) result.checks = checks;
  return result;
}

/**
 * Build the report `relctl status` prints: one row per request (where it stands in each
 * environment and the recorded conflict resolutions its merge there applied, approvals and whether they are still fresh, conflicts, a `max-age` warning when
 * it waited too long in a non-release environment) and one line per environment (tip, version,
 * request count, latest deployment, what runs when it is not the tip, and an integration build
 * started from an older tip of its base environment: `staleBase`). Pure and JSON-safe: no `undefined` values, no class instances.
 *
 * @example
 * ```ts
 * const report = buildStatus({ policy, facts });
 * report.requests.map((row) => `${row.id} ${row.envs.test?.state}`); // ['B in', 'D in', 'A in']
 * ```
 */
export function buildStatus(options: BuildStatusOptions): StatusReport {
  const { policy, facts } = options;
  const approvedBy = approvalsByRequest(facts.approvals);
  const release = policy.environments.find((env) => env.kind === 'release')?.name ?? '';
  const lives = lifecycleFromEvents({ events: facts.events, releaseEnv: release });
  const rows = facts.requests.map((request) => row(policy, facts, request, approvedBy, lives.get(request.id)));
  // What the table shows first, by id; then the hidden (shipped, closed) ones, by id.
  rows.sort((a, b) => (a.hidden === b.hidden ? compareIds(a.id, b.id) : a.hidden ? 1 : -1));
  const environments = policy.environments.map((env): StatusEnvironment => {
    const state = facts.environments.find((item) => item.name === env.name);
    const result: StatusEnvironment = {
      name: env.name,
      kind: env.kind,
      branch: env.branch,
      tip: state?.tip ?? null,
      version: state?.version ?? null,
      requestCount: state?.members.length ?? 0,
    };
    const deployment = lastDeployment(facts.events, env.name);
    if (deployment !== undefined) result.lastDeployment = deployment;
    if (deployment?.sha !== undefined && deployment.sha !== result.tip) {
      result.live = { sha: deployment.sha, via: deployment.type, ...(deployment.version !== undefined ? { version: deployment.version } : {}) };
    }
    const staleBase = staleBaseOf(policy, facts, env);
    if (staleBase !== undefined) result.staleBase = staleBase;
    return result;
  });
  const known = new Set(facts.requests.map((request) => request.id));
  const deletedBranches = [...lives]
    .filter(([id, life]) => !known.has(id) && life.closed?.branchDeleted === true && life.closed.sha !== undefined)
    .map(([id, life]): DeletedBranchRequest => {
      const closed = life.closed!;
      return { id, sha: closed.sha!, at: closed.at, actor: closed.actor, ...(closed.reason === undefined ? {} : { reason: closed.reason }) };
    })
    .sort((a, b) => compareIds(a.id, b.id));
  return { now: facts.now, requests: rows, environments, ...(deletedBranches.length > 0 ? { deletedBranches } : {}) };
}

/** An integration environment's build base when it is not its base environment's tip (see `StatusEnvironment.staleBase`). */
function staleBaseOf(policy: Policy, facts: Facts, env: Environment): StatusEnvironment['staleBase'] {
  if (env.kind !== 'integration') return undefined;
  const baseEnv = env.base ?? policy.environments.find((item) => item.kind === 'release')?.name;
  const base = facts.environments.find((item) => item.name === env.name)?.base;
  const baseTip = facts.environments.find((item) => item.name === baseEnv)?.tip;
  if (baseEnv === undefined || typeof base !== 'string' || typeof baseTip !== 'string' || base === baseTip) return undefined;
  return { base, baseEnv, baseTip };
}

/** Names the `checks` rules about the request head require, over every environment, in order (a hotfix: its environments' hotfixRules). */
function requiredHeadChecks(policy: Policy, request: Request): string[] {
  const names: string[] = [];
  for (const env of policy.environments) {
    for (const spec of rulesForRequest({ environment: env, request }).rules) {
      if (spec.rule !== 'checks') continue;
      const of = spec.options?.['of'] ?? (env.kind === 'release' ? 'tree' : 'head');
      const required = spec.options?.['required'];
      if (of !== 'head' || !Array.isArray(required)) continue;
      for (const name of required) if (typeof name === 'string' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

function headChecks(policy: Policy, facts: Facts, request: Request): StatusCheck[] {
  const latest = new Map<string, CheckResult>();
  for (const check of facts.checks ?? []) {
    if (check.sha !== request.head) continue;
    const known = latest.get(check.name);
    if (known === undefined || check.at >= known.at) latest.set(check.name, check);
  }
  const names = [...requiredHeadChecks(policy, request), ...[...latest.keys()].sort()].filter((name, i, all) => all.indexOf(name) === i);
  return names.map((name): StatusCheck => {
    const check = latest.get(name);
    if (check === undefined) return { name, result: 'missing', sha: request.head };
    return { name, result: check.result, sha: check.sha, source: check.source, by: check.by, at: check.at, ...(check.url === undefined ? {} : { url: check.url }) };
  });
}
