import type { AuditEventDraft } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';
import type { ResolutionUse } from '../ports/git-port.js';

/**
 * The steps a command carries out, as JSON-safe data. The runner keeps a *working tip* for
 * every ref a plan touches (starting from {@link Plan.expected}); steps move working tips by
 * writing objects only, and nothing is visible to anyone until `update-refs`.
 *
 * Full ref names are used throughout (`refs/heads/main`, `refs/relctl/log`).
 *
 * @example
 * ```ts
 * const steps: PlanStep[] = [{ kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } }, { kind: 'update-refs', refs: ['refs/heads/env/test'] }];
 * ```
 */
export type PlanStep =
  ResetStep | MergeStep | ReuseStep | ReleaseStep | AdoptStep | RevertStep | TagStep | SyncStep | CommitFilesStep | DeleteRefStep | RecordStep | UpdateRefsStep | PushStep;

/**
 * Set the working tip of `ref` to another ref's working tip or to a fixed commit.
 *
 * @example
 * ```ts
 * const step: ResetStep = { kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } };
 * ```
 */
export interface ResetStep {
  kind: 'reset';
  ref: string;
  to: { ref: string } | { sha: Sha };
}

/**
 * Merge request head `sha` into the working tip of `ref` as a `--no-ff` merge commit whose
 * message ends with trailers `Relctl-Request: <requestId>` and `Relctl-Env: <env>`.
 * A conflict stops the run (exit 4) before any ref moves.
 *
 * @example
 * ```ts
 * const step: MergeStep = { kind: 'merge', ref: 'refs/heads/main', env: 'prod', requestId: 'A', sha: 'e3b0c442…', headRef: 'refs/heads/req/A', message: 'Merge req/A into main' };
 * ```
 */
export interface MergeStep {
  kind: 'merge';
  ref: string;
  env: string;
  requestId: string;
  /** The request head when planning. */
  sha: Sha;
  /**
   * When set, merge the *working tip* of this request ref instead of `sha` — used when an earlier
   * `sync` step of the same plan may have moved the request branch.
   */
  headRef?: string;
  /** Subject line of the merge commit (trailers are added by the runner). */
  message: string;
  /**
   * The recorded conflict resolutions this merge applies, found by a trial run when planning:
   * the runner applies exactly these (a conflict they do not cover stops the run). Absent: any
   * recorded resolution that fits (trial runs), reported in the outcome and the trailers.
   */
  resolutions?: ResolutionUse[];
}

/**
 * Rebuild shortcut: the existing merge commit `commit` already holds this prefix; make it the working tip.
 *
 * @example
 * ```ts
 * const step: ReuseStep = { kind: 'reuse', ref: 'refs/heads/env/test', requestId: 'B', commit: '9f86d081…' };
 * ```
 */
export interface ReuseStep {
  kind: 'reuse';
  ref: string;
  requestId: string;
  commit: Sha;
}

/**
 * Cut a release on the working tip of `ref`: the release port computes the version bump,
 * CHANGELOG and consumed changesets from exactly `requestIds`; the runner writes the release
 * commit and remembers the version and tag for later steps.
 *
 * @example
 * ```ts
 * const step: ReleaseStep = { kind: 'release', ref: 'refs/heads/main', env: 'prod', requestIds: ['A', 'C'] };
 * ```
 */
export interface ReleaseStep {
  kind: 'release';
  ref: string;
  env: string;
  requestIds: string[];
}

/**
 * Ship an approved candidate as it is: set the working tip of `ref` (the release branch) to the
 * candidate's release commit `commit`, which must descend from the current working tip (a
 * fast-forward: same commit, same tree), and take the release (version, notes, tag name) from
 * that commit, as a `release` step would have cut it, for the `tag` and `record` steps after it.
 * Planned in place of the merges and the `release` of a promotion when `verified-candidate` holds.
 *
 * @example
 * ```ts
 * const step: AdoptStep = { kind: 'adopt', ref: 'refs/heads/main', env: 'prod', requestIds: ['A', 'C'], commit: '2c26b46b…' };
 * ```
 */
export interface AdoptStep {
  kind: 'adopt';
  ref: string;
  env: string;
  /** The requests the candidate ships, in merge order. */
  requestIds: string[];
  /** The candidate's release commit. */
  commit: Sha;
}

/**
 * Revert the merge commit `commit` (a request's merge into the release environment) on the
 * working tip of `ref`, the way `git revert -m 1 <commit>` does: a three-way tree merge with
 * base = `commit`, ours = the working tip, theirs = `commit`'s first parent, written as one
 * ordinary commit (parent = working tip) with `message`. A conflict stops the run (exit 4).
 *
 * @example
 * ```ts
 * const step: RevertStep = { kind: 'revert', ref: 'refs/heads/main', env: 'prod', requestId: 'A', commit: '9f86d081…', message: 'Revert A: breaks checkout' };
 * ```
 */
export interface RevertStep {
  kind: 'revert';
  ref: string;
  env: string;
  requestId: string;
  /** The merge commit to revert. */
  commit: Sha;
  /** The whole message of the revert commit. */
  message: string;
  /**
   * `commit` is an ordinary (one-parent) commit, reverted as `git revert <commit>` does: how
   * `request reship` takes back a revert commit on the request branch. Absent: a merge commit.
   */
  plain?: boolean;
}

/**
 * Create the annotated tag of the last release at the working tip of `ref` (ref `refs/tags/<prefix><version>`).
 *
 * @example
 * ```ts
 * const step: TagStep = { kind: 'tag', ref: 'refs/heads/main' }; // creates refs/tags/v1.4.0 after a release
 * ```
 */
export interface TagStep {
  kind: 'tag';
  ref: string;
}

/**
 * Bring the working tip of `from` into request branch `ref` by a merge commit (nothing when it is
 * already contained). A conflict leaves the request branch where it was and is reported;
 * the rest of the plan goes on.
 *
 * @example
 * ```ts
 * const step: SyncStep = { kind: 'sync', requestId: 'B', ref: 'refs/heads/req/B', from: 'refs/heads/main' };
 * ```
 */
export interface SyncStep {
  kind: 'sync';
  requestId: string;
  ref: string;
  from: string;
  /** As {@link MergeStep.resolutions}: the recorded resolutions the sync merge applies. */
  resolutions?: ResolutionUse[];
}

/**
 * Commit file changes on the working tip of `ref` (one commit, parent = working tip):
 * `files` maps a path to its new UTF-8 content, or `null` to delete it. Used by `request new`
 * to write `.changeset/<id>.md` on the new request branch.
 *
 * @example
 * ```ts
 * const step: CommitFilesStep = { kind: 'commit-files', ref: 'refs/heads/main', files: { '.changeset/A.md': '---\nbump: patch\n---\n\nRevert A\n' }, message: 'Revert A' };
 * ```
 */
export interface CommitFilesStep {
  kind: 'commit-files';
  ref: string;
  files: Record<string, string | null>;
  message: string;
}

/**
 * Delete `ref`: its working tip becomes absent, so the plan's `update-refs` deletes it and its
 * `push` deletes it on the remote (with a lease on the fetched value). Used by
 * `request close --delete-branch` for the request branch; the `closed` event keeps its last commit.
 *
 * @example
 * ```ts
 * const step: DeleteRefStep = { kind: 'delete-ref', ref: 'refs/heads/req/B' };
 * ```
 */
export interface DeleteRefStep {
  kind: 'delete-ref';
  ref: string;
}

/**
 * Append an event to the working tip of the audit log ref. `shaOf` names a ref whose working tip
 * becomes the event's `sha`; `withRelease` copies the last release's version and tag into `data`.
 *
 * @example
 * ```ts
 * const step: RecordStep = { kind: 'record', event: { type: 'promoted', env: 'prod', requestIds: ['A'] }, shaOf: 'refs/heads/main', withRelease: true };
 * ```
 */
export interface RecordStep {
  kind: 'record';
  event: AuditEventDraft;
  shaOf?: string;
  withRelease?: boolean;
}

/**
 * One compare-and-swap transaction: every listed ref whose working tip differs from its expected
 * value (from {@link Plan.expected}) moves, or none does. Tag refs created by earlier `tag` steps
 * are included automatically (expected absent).
 *
 * @example
 * ```ts
 * const step: UpdateRefsStep = { kind: 'update-refs', refs: ['refs/heads/main', 'refs/heads/env/test', 'refs/relctl/log'] };
 * ```
 */
export interface UpdateRefsStep {
  kind: 'update-refs';
  refs: string[];
}

/**
 * Push the listed refs to `remote` atomically, each with a lease on the value fetched before planning.
 *
 * @example
 * ```ts
 * const step: PushStep = { kind: 'push', remote: 'origin', refs: ['refs/heads/main', 'refs/tags/v1.4.0', 'refs/relctl/log'] };
 * ```
 */
export interface PushStep {
  kind: 'push';
  remote: string;
  refs: string[];
}

/**
 * What a command will do. `--dry-run` prints it; the runner executes exactly these steps.
 * Deterministic: the same policy, facts and intent give the same plan.
 *
 * @example
 * ```ts
 * const plan: Plan = planPromotion({ policy, facts, intent, decision, command: 'promote A C --to prod' });
 * console.log(plan.command, plan.steps.length, plan.notes);
 * ```
 */
export interface Plan {
  /** The command as a person would type it, e.g. `promote A C --to prod`. */
  command: string;
  /** Value of each ref the plan may move, as seen when planning (`null`: ref absent). */
  expected: Record<string, Sha | null>;
  steps: PlanStep[];
  /** Things the planner noticed but that do not stop the plan (e.g. a request already there). */
  notes: string[];
}
