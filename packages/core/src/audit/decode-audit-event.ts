import { StateError } from '../errors/state-error.js';
import { AUDIT_EVENT_TYPES, type AuditEvent, type AuditEventType } from '../model/audit-event.js';
import { AUDIT_EVENT_TRAILER } from './audit-event-trailer.js';

/**
 * Options of {@link decodeAuditEvent}: a log commit's message plus what its header says.
 *
 * @example
 * ```ts
 * const event = decodeAuditEvent({ message: commit.message, at: commit.author.timestamp * 1000, actor: 'Kim <kim@example.com>', id: commit.sha });
 * ```
 */
export interface DecodeAuditEventOptions {
  message: string;
  /** The commit's author time, epoch milliseconds. */
  at: number;
  /** The commit's author as `Name <email>`. */
  actor: string;
  /** The commit id. */
  id: string;
}

const TYPES: ReadonlySet<string> = new Set<AuditEventType>(AUDIT_EVENT_TYPES);

const MAX_MESSAGE = 1_000_000;

/**
 * Read an audit event back from its log commit (see {@link encodeAuditEvent}): the last
 * `Relctl-Event:` line of the message is parsed as JSON and checked field by field. `actor` and
 * `id` come from the commit; `at` is the commit's author time, refined to the JSON's
 * milliseconds when both name the same second. Throws `StateError` (`data.id`, `data.problem`)
 * for a message that is not a well-formed event — never anything else, whatever the input.
 *
 * @example
 * ```ts
 * const event = decodeAuditEvent({ message, at: commit.author.timestamp * 1000, actor: 'Kim <k@x>', id: commit.sha });
 * ```
 */
export function decodeAuditEvent(options: DecodeAuditEventOptions): AuditEvent {
  const { id } = options;
  const fail = (problem: string): never => {
    throw new StateError(
      `audit log commit ${String(id).slice(0, 12)} is not a relctl event (${problem}); inspect it with "git show ${String(id).slice(0, 12)}" — something other than relctl wrote to refs/relctl/log.`,
      { id: String(id), problem },
    );
  };
  if (typeof options.message !== 'string') return fail('no message');
  if (options.message.length > MAX_MESSAGE) return fail('message too long');
  const prefix = `${AUDIT_EVENT_TRAILER}:`;
  const line = options.message
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(prefix));
  if (line === undefined) return fail(`no ${AUDIT_EVENT_TRAILER} trailer`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(prefix.length));
  } catch {
    return fail(`${AUDIT_EVENT_TRAILER} is not valid JSON`);
  }
  if (!isPlainObject(parsed)) return fail(`${AUDIT_EVENT_TRAILER} is not a JSON object`);
  const body = parsed;
  if (body['v'] !== 1) return fail(`unsupported format version ${JSON.stringify(body['v'] ?? null)}; upgrade relctl`);
  const type = body['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) return fail(`unknown event type ${JSON.stringify(type ?? null)}; upgrade relctl`);
  const event: AuditEvent = { type: type as AuditEventType, at: eventTime(options.at, body['at']), actor: String(options.actor), id: String(id) };
  const requestIds = body['requestIds'];
  if (requestIds !== undefined) {
    if (!Array.isArray(requestIds) || !requestIds.every((value) => typeof value === 'string')) return fail('requestIds is not a list of strings');
    event.requestIds = [...(requestIds as string[])];
  }
  for (const key of ['env', 'sha', 'reason'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return fail(`${key} is not a string`);
    event[key] = value;
  }
  const data = body['data'];
  if (data !== undefined) {
    if (!isPlainObject(data)) return fail('data is not an object');
    event.data = data;
  }
  return event;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventTime(commitAt: number, jsonAt: unknown): number {
  if (typeof jsonAt === 'number' && Number.isFinite(jsonAt) && Math.floor(jsonAt / 1000) === Math.floor(commitAt / 1000)) return jsonAt;
  return commitAt;
}
