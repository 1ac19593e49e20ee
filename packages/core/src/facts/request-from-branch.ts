import type { AuditEvent } from '../model/audit-event.js';
import type { Request, Sha } from '../model/request.js';
import { isValidRequestId } from '../policy/is-valid-request-id.js';
import { parseChangeset } from './parse-changeset.js';

/**
 * Options of {@link requestFromBranch}.
 *
 * @example
 * ```ts
 * requestFromBranch({ branch: 'req/A', prefix: 'req/', head, changeset: null, firstCommitSubject: 'Add CSV export' });
 * ```
 */
export interface RequestFromBranchOptions {
  /** Branch name, short (`req/A`) or full (`refs/heads/req/A`). */
  branch: string;
  /** The request prefix of the policy, e.g. `req/`. */
  prefix: string;
  /** The branch tip. */
  head: Sha;
  /** Text of `.changeset/<id>.md` at the head, when the file exists. */
  changeset?: string | null;
  /** The request's `request-created` event, when the audit log has one. */
  created?: AuditEvent | null;
  /** Subject of the first commit of the branch (after the production branch), when known. */
  firstCommitSubject?: string | null;
}

function firstLine(text: string | null | undefined, markdown = false): string {
  if (typeof text !== 'string') return '';
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = (markdown ? line.replace(/^#+\s+/, '') : line).trim();
    if (trimmed !== '') return trimmed.replace(/\s+/g, ' ');
  }
  return '';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Build a {@link Request} from what an adapter observed about one request branch. The id is the
 * branch name after the prefix. Title: the `request-created` event's title, else the changeset's
 * first summary line, else the first commit subject, else the id. Requester (the event's `requester`,
 * else its actor) and dependencies come from the event only (invalid and self dependencies are dropped);
 * so does `hotfix` (the event's `data.hotfix === true`).
 *
 * @returns `null` when the branch is not under the prefix or its remainder is not a valid id
 *   (for example `req/a/b`), so adapters can skip hand-made branches that are not requests.
 * @example
 * ```ts
 * requestFromBranch({ branch: 'req/A', prefix: 'req/', head, changeset: '---\nbump: minor\n---\n\nCSV export\n' });
 * // { id: 'A', branch: 'req/A', head, title: 'CSV export', dependsOn: [], changeset: { bump: 'minor', summary: 'CSV export' } }
 * ```
 */
export function requestFromBranch(options: RequestFromBranchOptions): Request | null {
  const branch = options.branch.startsWith('refs/heads/') ? options.branch.slice('refs/heads/'.length) : options.branch;
  if (!branch.startsWith(options.prefix)) return null;
  const id = branch.slice(options.prefix.length);
  if (!isValidRequestId(id)) return null;

  const changeset = typeof options.changeset === 'string' ? parseChangeset(options.changeset) : null;
  const event = options.created?.type === 'request-created' ? options.created : null;
  const data = event?.data ?? {};
  const title = firstLine(typeof data['title'] === 'string' ? data['title'] : null) || firstLine(changeset?.summary, true) || firstLine(options.firstCommitSubject) || id;

  const dependsOn = [...new Set(stringList(data['dependsOn']).filter((dep) => isValidRequestId(dep) && dep !== id))];
  const request: Request = { id, branch, head: options.head, title, dependsOn };
  const requester = typeof data['requester'] === 'string' && data['requester'] !== '' ? data['requester'] : event?.actor;
  if (typeof requester === 'string' && requester !== '') request.requester = requester;
  if (changeset !== null) request.changeset = changeset;
  if (event !== null && Number.isFinite(event.at)) request.createdAt = event.at;
  if (data['hotfix'] === true) request.hotfix = true;
  return request;
}
