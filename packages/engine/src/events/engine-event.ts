import type { Plan, PromotionDecision } from '@relctl/core';
import type { PromotionNotesCommentEvent } from './promotion-notes-comment-event.js';

export type { PromotionNotesCommentEvent } from './promotion-notes-comment-event.js';

/**
 * What the engine reports while it works, instead of printing: a front end turns each event into
 * text (the CLI prints exactly the lines it always printed), a GitHub Action into log lines or a
 * comment, a test into an array to assert on. Events are plain JSON-safe data; see each member's
 * documentation for what it means.
 *
 * @example
 * ```ts
 * const events: EngineEvent[] = [];
 * const session = await openSession({ cwd: repoDir, onEvent: (event) => events.push(event) });
 * ```
 */
export type EngineEvent =
  | WarningEvent
  | ProgressEvent
  | DecisionEvent
  | NoteEvent
  | PlanPreviewEvent
  | StepEvent
  | SyncConflictEvent
  | DeployOutputEvent
  | ResultEvent
  | CandidateApprovedEvent
  | CheckRecordedEvent
  | PromotionBranchKeptEvent
  | PromotionBranchEvent
  | PullRequestOpenedEvent
  | PullRequestToOpenEvent
  | PullRequestWaitingEvent
  | ReleaseLandedEvent
  | PromotionNotesCommentEvent;

/**
 * Something is off but the operation goes on: a GitHub variable that cannot be read, a remote
 * that cannot be reached, an audit log commit left out, a candidate out of date…
 *
 * @example
 * ```ts
 * const event: WarningEvent = { type: 'warning', message: 'could not reach origin (timeout); showing this clone\'s refs only.' };
 * ```
 */
export interface WarningEvent {
  type: 'warning';
  message: string;
}

/**
 * How the operation is getting on, beside its result: waiting for a deploy lock, retrying a lost
 * push race, a config that is not the team's, a recorded conflict resolution. (The CLI prints
 * these as `note:` lines on stderr, out of the way of the command's output.)
 *
 * @example
 * ```ts
 * const event: ProgressEvent = { type: 'progress', message: 'prod is being deployed by Kim <kim@example.com>; waiting up to 60s for the lock.' };
 * ```
 */
export interface ProgressEvent {
  type: 'progress';
  message: string;
}

/**
 * The rules' verdict on a promotion, before anything moves.
 *
 * @example
 * ```ts
 * if (event.type === 'decision' && !event.decision.allowed) console.log(event.decision.denied);
 * ```
 */
export interface DecisionEvent {
  type: 'decision';
  decision: PromotionDecision;
}

/**
 * A remark of the plan being carried out (a request skipped, a version decided…), part of the
 * command's output.
 *
 * @example
 * ```ts
 * const event: NoteEvent = { type: 'note', message: 'B is already in test.' };
 * ```
 */
export interface NoteEvent {
  type: 'note';
  message: string;
}

/**
 * A dry run's plan, with the step lines a real run would report (`lines[i]` describes `plan.steps[i]`).
 *
 * @example
 * ```ts
 * if (event.type === 'plan-preview') event.lines.forEach((line, index) => console.log(`${index + 1}. ${line}`));
 * ```
 */
export interface PlanPreviewEvent {
  type: 'plan-preview';
  plan: Plan;
  lines: string[];
}

/**
 * One step of a plan was carried out (`index` from 0, of `total`): `line` describes it, `outcome`
 * says what it did.
 *
 * @example
 * ```ts
 * const event: StepEvent = { type: 'step', index: 0, total: 4, line: 'merge A into test', outcome: 'merged' };
 * ```
 */
export interface StepEvent {
  type: 'step';
  index: number;
  total: number;
  line: string;
  outcome: string;
}

/**
 * An open request could not be synced into an environment's new tip: `paths` conflict.
 *
 * @example
 * ```ts
 * const event: SyncConflictEvent = { type: 'sync-conflict', requestId: 'B', ref: 'refs/heads/feature/b', paths: ['src/app.js'] };
 * ```
 */
export interface SyncConflictEvent {
  type: 'sync-conflict';
  requestId: string;
  ref: string;
  paths: string[];
  /** The environment a rebuild left the request out of, because its old head conflicts there too. */
  leftOutOf?: string;
}

/**
 * One line a deploy's command or hook wrote (without its newline; the `[deploy <env>] ` prefix
 * included). `stream` is where it belongs: `stderr` for the deploy's stderr, `stdout` for the rest
 * (its stdout, relctl's own lines about it), `stderr` for all of it when
 * the caller asked for one JSON answer (stdout is kept for that).
 *
 * @example
 * ```ts
 * const event: DeployOutputEvent = { type: 'deploy-output', stream: 'stdout', line: '[deploy prod] uploading…' };
 * ```
 */
export interface DeployOutputEvent {
  type: 'deploy-output';
  stream: 'stdout' | 'stderr';
  line: string;
}

/**
 * The operation's answer as one JSON-safe document, reported instead of the human events when the
 * caller asked for JSON (`json: true`): exactly one per operation that reports one.
 *
 * @example
 * ```ts
 * if (event.type === 'result') process.stdout.write(`${JSON.stringify(event.value, null, 2)}\n`);
 * ```
 */
export interface ResultEvent {
  type: 'result';
  value: unknown;
}

/**
 * An approval pinned to a candidate's tree was recorded (`approve --candidate`).
 *
 * @example
 * ```ts
 * const event: CandidateApprovedEvent = { type: 'candidate-approved', candidate: 'rc1', requestIds: ['A', 'C'], env: 'prod', tree: '4b825dc…', by: 'Kim' };
 * ```
 */
export interface CandidateApprovedEvent {
  type: 'candidate-approved';
  candidate: string;
  requestIds: string[];
  env: string;
  tree: string;
  by: string;
}

/**
 * `promote --via-pr`: the promotion branch (and its copy on the remote) already holds this very
 * promotion at `sha`, so it is left as it is (its commits, and a review of them, stay).
 *
 * @example
 * ```ts
 * const event: PromotionBranchKeptEvent = { type: 'promotion-branch-kept', branch: 'relctl-promote/1.2.0', sha: 'a1b2c3d4…' };
 * ```
 */
export interface PromotionBranchKeptEvent {
  type: 'promotion-branch-kept';
  branch: string;
  sha: string;
}

/**
 * `promote --via-pr`: the promotion branch `branch` is (or would be, `dryRun`) the release branch
 * `base` plus the merges of `requestIds` and the release commit of `version`. `pushedTo` names the
 * remote it was pushed to (`null`: a dry run or a repository without a remote); `upToDate`: it
 * already held this promotion.
 *
 * @example
 * ```ts
 * const event: PromotionBranchEvent = { type: 'promotion-branch', branch: 'relctl-promote/1.2.0', base: 'main', requestIds: ['A'], version: '1.2.0', pushedTo: 'origin', dryRun: false, upToDate: false };
 * ```
 */
export interface PromotionBranchEvent {
  type: 'promotion-branch';
  branch: string;
  base: string;
  requestIds: string[];
  version: string;
  pushedTo: string | null;
  dryRun: boolean;
  upToDate: boolean;
}

/**
 * What happens once a promotion pull request is merged: `relctl after-merge` on `base` tags `tag`,
 * rebuilds the other environments and syncs the other requests.
 *
 * @example
 * ```ts
 * const hint: AfterMergeHint = { base: 'main', tag: 'v1.2.0' };
 * ```
 */
export interface AfterMergeHint {
  base: string;
  tag: string;
}

/**
 * `promote --via-pr`: relctl opened (`created`), updated the notes of (`updated`), or found up to
 * date (`unchanged`) the promotion's pull request.
 *
 * @example
 * ```ts
 * const event: PullRequestOpenedEvent = { type: 'pull-request-opened', action: 'created', number: 12, url: 'https://github.com/o/r/pull/12', afterMerge: { base: 'main', tag: 'v1.2.0' } };
 * ```
 */
export interface PullRequestOpenedEvent {
  type: 'pull-request-opened';
  action: 'created' | 'updated' | 'unchanged';
  number: number;
  url: string;
  afterMerge: AfterMergeHint;
}

/**
 * `promote --via-pr`: relctl did not open the pull request, and says why (`reason`: a dry run, the
 * branch is not pushed, `remote` is not a GitHub repository relctl recognizes, no token), with
 * what a person needs to open it: base, head, title, a compare `link` when the GitHub repository
 * is known, and the `body` (the `relctl notes` of `requestIds` to `env`). `afterMerge` is `null`
 * for a dry run.
 *
 * @example
 * ```ts
 * if (event.type === 'pull-request-to-open') console.log(event.link ?? `${event.base}...${event.head}`);
 * ```
 */
export interface PullRequestToOpenEvent {
  type: 'pull-request-to-open';
  reason: 'dry-run' | 'not-pushed' | 'not-github' | 'no-token';
  remote: string | null;
  base: string;
  head: string;
  title: string;
  link: string | null;
  afterMerge: AfterMergeHint | null;
  requestIds: string[];
  env: string;
  body: string;
}

/**
 * `promote --via-pr`: the pull request `number` waits for an approval (`missing` says which, as the
 * rule said it); running `command` again after an approving review marks it ready through the
 * `status` commit status.
 *
 * @example
 * ```ts
 * const event: PullRequestWaitingEvent = { type: 'pull-request-waiting', number: 12, missing: 'prod needs an approval of A', command: 'promote A --to prod --via-pr', status: 'relctl/rules' };
 * ```
 */
export interface PullRequestWaitingEvent {
  type: 'pull-request-waiting';
  number: number;
  missing: string;
  command: string;
  status: string;
}

/**
 * `after-merge`: the promotion branch's release reached the release branch as a new commit (a
 * squashed or rebased pull request), proved on git objects: `commit` has the release commit's
 * tree (`same-tree`), or that tree plus what landed on `base` meanwhile (`merged-tree`). That
 * commit is tagged, and the request heads that shipped in it are recorded.
 *
 * @example
 * ```ts
 * const event: ReleaseLandedEvent = { type: 'release-landed', branch: 'relctl-promote/1.2.0', base: 'main', version: '1.2.0', releaseCommit: 'a1b2c3d4…', commit: 'e5f6a7b8…', how: 'merged-tree' };
 * ```
 */
export interface ReleaseLandedEvent {
  type: 'release-landed';
  branch: string;
  base: string;
  version: string;
  releaseCommit: string;
  commit: string;
  how: 'same-tree' | 'merged-tree';
}

/**
 * Receives the engine's {@link EngineEvent}s, synchronously and in order.
 *
 * @example
 * ```ts
 * const onEvent: EngineEventListener = (event) => {
 *   if (event.type === 'warning') console.warn(event.message);
 * };
 * ```
 */
export type EngineEventListener = (event: EngineEvent) => void;

/**
 * A check result was recorded in the audit log (`relctl check record`): which check, about which
 * commit, and the requests whose head that commit is (empty for a candidate or any other commit).
 *
 * @example
 * ```ts
 * const event: CheckRecordedEvent = { type: 'check-recorded', name: 'e2e', sha: 'e3b0c442…', result: 'fail', requestIds: ['B'], url: 'https://ci.example.com/7', signed: false };
 * ```
 */
export interface CheckRecordedEvent {
  type: 'check-recorded';
  name: string;
  sha: string;
  result: 'pass' | 'fail' | 'pending';
  /** Requests whose current head is `sha`. */
  requestIds: string[];
  url?: string;
  /** Whether the audit-log commit was signed with the recorder's git signing key. */
  signed: boolean;
}
