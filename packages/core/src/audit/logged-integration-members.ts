import type { AuditEvent } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';

/**
 * Options of {@link loggedIntegrationMembers}.
 *
 * @example
 * ```ts
 * loggedIntegrationMembers({ events, env: 'test', ref: 'refs/heads/env/test' });
 * ```
 */
export interface LoggedIntegrationMembersOptions {
  /** The audit log, oldest first. */
  events: readonly AuditEvent[];
  /** The integration environment. */
  env: string;
  /** Its branch as a full ref (an `undone` event names the refs it moved back). */
  ref: string;
}

/**
 * Which requests the audit log says an integration environment holds, each with the SHA it was
 * promoted at when the log recorded one: a promotion adds its requests, a rebuild (`data.rebuild`)
 * names the whole set, a demotion removes. After an `undone` that moved the environment's
 * branch the earlier claims are dropped (the log does not say what the undo restored): only what
 * is recorded after it is claimed. The branch must hold each of these; one that does not was
 * force-pushed back behind relctl's back.
 *
 * @example
 * ```ts
 * loggedIntegrationMembers({ events, env: 'test', ref: 'refs/heads/env/test' }); // Map { 'A' => 'e3b0c442…', 'B' => undefined }
 * ```
 */
export function loggedIntegrationMembers(options: LoggedIntegrationMembersOptions): Map<string, Sha | undefined> {
  const { env, ref } = options;
  let held = new Map<string, Sha | undefined>();
  for (const event of options.events) {
    if (event.type === 'undone') {
      const refs = event.data?.['refs'];
      if (Array.isArray(refs) && refs.includes(ref)) held = new Map();
      continue;
    }
    if (event.env !== env) continue;
    const ids = event.requestIds ?? [];
    if (event.type === 'demoted') {
      for (const id of ids) held.delete(id);
    } else if (event.type === 'promoted') {
      const shas = event.data?.['shas'];
      const shaOf = (id: string): Sha | undefined => {
        const sha = typeof shas === 'object' && shas !== null ? (shas as Record<string, unknown>)[id] : undefined;
        return typeof sha === 'string' ? sha : undefined;
      };
      if (event.data?.['rebuild'] === true) held = new Map();
      for (const id of ids) held.set(id, shaOf(id));
    }
  }
  return held;
}
