/**
 * The trailer key that carries an audit event's data in its log commit message. The value is
 * one line of JSON: `{"v":1,"type":…,"at":…,"requestIds":…,"env":…,"sha":…,"reason":…,"data":…}`.
 *
 * @example
 * ```ts
 * const isEvent = message.split('\n').some((line) => line.startsWith(`${AUDIT_EVENT_TRAILER}: `));
 * ```
 */
export const AUDIT_EVENT_TRAILER = 'Relctl-Event';

/**
 * Version of the JSON written after {@link AUDIT_EVENT_TRAILER} (its `v` field); readers refuse others.
 *
 * @example
 * ```ts
 * JSON.parse(json).v === AUDIT_EVENT_FORMAT_VERSION;
 * ```
 */
export const AUDIT_EVENT_FORMAT_VERSION = 1;
