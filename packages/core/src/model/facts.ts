import type { AuditEvent } from './audit-event.js';
import type { Request, Sha } from './request.js';
import type { AppliedResolution } from '../facts/resolutions-from-trailers.js';
import type { ResolutionUse } from '../ports/git-port.js';
import type { LineageLink } from '../carry/lineage-link.js';

/**
 * One request as an environment holds it.
 *
 * @example
 * ```ts
 * const member: EnvironmentMember = { requestId: 'A', sha: 'e3b0c442…', mergeCommit: '9f86d081…', since: 1700000000000 };
 * ```
 */
export interface EnvironmentMember {
  requestId: string;
  /** The request head the environment holds (second parent of its merge). */
  sha: Sha;
  /** The merge commit on the environment branch, when known. */
  mergeCommit?: Sha;
  /** Epoch milliseconds since the request has been in the environment (for `soak`, `max-age`). */
  since?: number;
  /** Recorded conflict resolutions its merge applied (from the merge commit's trailers). */
  resolutions?: AppliedResolution[];
}

/**
 * What an adapter observed about one environment's branch.
 *
 * @example
 * ```ts
 * const test: EnvironmentState = { name: 'test', tip: '2c26b46b…', base: '9f86d081…', members: [{ requestId: 'A', sha: 'e3b0c442…' }] };
 * ```
 */
export interface EnvironmentState {
  name: string;
  /** Branch tip, or `null` when the branch does not exist yet. */
  tip: Sha | null;
  /** Integration environments: the commit the current build started from (first parent of the first merge). */
  base?: Sha | null;
  /**
   * Requests the environment holds. Integration environments: in merge order.
   * Release environment: the requests whose merged head is an ancestor of the tip.
   */
  members: EnvironmentMember[];
  /**
   * Integration environments: requests the audit log says the environment holds but its branch
   * does not (someone force-pushed it back, see `loggedIntegrationMembers`), each at the SHA to
   * merge again. The next promotion into it rebuilds it with them.
   */
  missing?: EnvironmentMember[];
  /** Release environment: the version its tip is at, as `git describe` says it (`1.1.1`, or `1.1.1+2` two commits past that release), when known. */
  version?: string | null;
}

/**
 * What checking a signed record (an approval's audit-log commit, a resolution commit) against
 * the allowed signers found: the principal whose key signed it, or why nothing verifies.
 *
 * @example
 * ```ts
 * const ok: SignatureCheck = { status: 'verified', signer: 'kim@example.com' };
 * const no: SignatureCheck = { status: 'unsigned', reason: 'the commit carries no signature' };
 * ```
 */
export type SignatureCheck = { status: 'verified'; signer: string } | { status: 'unsigned' | 'unknown-key' | 'invalid' | 'unsupported'; reason: string };

/**
 * An approval of one request head for one environment.
 *
 * @example
 * ```ts
 * const approval: Approval = { requestId: 'A', env: 'prod', sha: 'e3b0c442…', by: 'Kim <kim@example.com>', at: 1700000000000 };
 * ```
 */
export interface Approval {
  requestId: string;
  env: string;
  /** The request head SHA approved; a later commit on the branch makes the approval stale. */
  sha: Sha;
  by: string;
  /** Epoch milliseconds. */
  at: number;
  /** The signature check of the approval's audit-log commit, when signatures were checked. */
  signature?: SignatureCheck;
}

/**
 * What one check (a CI job, a test suite) reported about one commit: `pass`, `fail`, or
 * `pending` (still running, or queued).
 *
 * @example
 * ```ts
 * const result: CheckOutcome = 'pass';
 * ```
 */
export type CheckOutcome = 'pass' | 'fail' | 'pending';

/**
 * One result of a named check about one exact commit, from the audit log (`relctl check record`,
 * source `relctl`) or from GitHub (a check run, source `github-check`, or a commit status,
 * source `github-status`). Read by the `checks` rule: a result counts only for the commit it is
 * about (`sha`), or, for a release, for the very tree that ships (`tree`).
 *
 * @example
 * ```ts
 * const check: CheckResult = { name: 'unit', result: 'pass', sha: 'e3b0c442…', source: 'relctl', by: 'CI <ci@example.com>', at: 1700000000000, url: 'https://ci.example.com/1' };
 * ```
 */
export interface CheckResult {
  /** The check's name (`unit`, `e2e`; a GitHub check run's name or a commit status's context). */
  name: string;
  result: CheckOutcome;
  /** The commit the result is about. */
  sha: Sha;
  /** The tree of that commit, when the gatherer read it (a release compares trees, not commits). */
  tree?: Sha;
  /** Where the result comes from: `relctl` (the audit log), `github-check` or `github-status`. */
  source: 'relctl' | 'github-check' | 'github-status';
  /** Who reported it: the audit-log actor, the GitHub App's slug, or the status creator. */
  by: string;
  /** Epoch milliseconds it was reported (the latest result of a name for a commit wins). */
  at: number;
  /** A link to the run's log, when given. */
  url?: string;
  /** The audit-log commit holding a recorded result. */
  id?: Sha;
  /** The signature check of that commit, when signatures were checked. */
  signature?: SignatureCheck;
}

/**
 * A conflict known from a trial merge: between two requests, or a request and an environment tip.
 *
 * @example
 * ```ts
 * const conflict: KnownConflict = { a: 'B', b: 'D', paths: ['src/checkout.ts'] };
 * ```
 */
export interface KnownConflict {
  /** Request id. */
  a: string;
  /** Request id, or `env:<name>` for an environment tip. */
  b: string;
  paths: string[];
}

/**
 * The tree a promotion of exactly `requestIds` into `env` would produce now: the same merges and
 * release the promotion does, run on objects by the shell. Read by the `verified-candidate` rule.
 *
 * @example
 * ```ts
 * const candidate: PromotionTree = { env: 'prod', requestIds: ['A', 'C'], tree: '4b825dc6…' };
 * ```
 */
export interface PromotionTree {
  /** The target environment (the release environment). */
  env: string;
  /** The requests promoted, in promotion order. */
  requestIds: string[];
  /** The tree of the would-be release commit, or `null` when the trial merges conflict. */
  tree: Sha | null;
}

/**
 * Everything the core needs to decide and plan, as plain data. Adapters gather it; the core
 * never reads git, files, the environment or the clock.
 *
 * @example
 * ```ts
 * const facts: Facts = { now: Date.now(), requests: [], environments: [], approvals: [], events: [], conflicts: [] };
 * const decision = evaluatePromotion({ policy, facts, intent });
 * ```
 */
export interface Facts {
  /** Epoch milliseconds "now", chosen by the caller. */
  now: number;
  requests: Request[];
  environments: EnvironmentState[];
  approvals: Approval[];
  events: AuditEvent[];
  /**
   * The audit log's tip commit as read (`null`: no log). Absent: the id of the last event. They
   * differ when the log ends in a commit that is not an event (a merge of two logs, or a commit
   * someone else wrote, which readers leave out): new events go on top of the tip all the same.
   */
  logTip?: Sha | null;
  conflicts: KnownConflict[];
  /**
   * Results of checks (CI jobs) about commits: recorded ones from the audit log, and GitHub's
   * check runs and commit statuses when gathered; absent when none were read.
   */
  checks?: CheckResult[];
  /** Trees that promotions would produce now (for `verified-candidate`); absent when not computed. */
  candidates?: PromotionTree[];
  /**
   * The recorded conflict resolutions a promotion's merges would apply (from a trial of its plan),
   * each with the request and environment of the merge; absent when not computed. The `approved`
   * rule demands an approval that covers them.
   */
  resolutions?: PlannedResolution[];
  /**
   * Signature checks of signed records by their commit id (approvals' audit-log commits), against
   * the allowed-signers file of the production branch; absent when not checked.
   */
  signatures?: Record<Sha, SignatureCheck>;
  /**
   * Head histories by request id, newest first, for open requests that have records (approvals,
   * environment merges, promotions) about an older head: the proof that approvals, `tested-in`
   * and soak time carry across a trivial sync (see `carryOf`); absent when none was gathered.
   */
  lineage?: Record<string, LineageLink[]>;
}

/**
 * A recorded resolution a promotion's merge of `requestId` into `env` would apply.
 *
 * @example
 * ```ts
 * const planned: PlannedResolution = { requestId: 'A', env: 'prod', path: 'README.md', key: '5f0c…', commit: '9a8b…', by: 'Mallory <m@example.com>' };
 * ```
 */
export interface PlannedResolution extends ResolutionUse {
  requestId: string;
  env: string;
  /**
   * The allowed signer whose signature the resolution commit carries (`null`: none that verifies);
   * absent when signatures were not checked.
   */
  signer?: string | null;
}
