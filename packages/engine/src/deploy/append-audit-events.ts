import { AUDIT_LOG_REF, RefRaceError, RemoteRaceError, StateError, type AuditEvent, type AuditEventDraft, type Plan, type Sha } from '@relctl/core';
import { createMemoryRunStateStore, executePlan, rollbackUnpublishedRun } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { syncFromRemote } from '../shared/remote-sync.js';
import { runPorts } from '../shared/run-ports.js';

/**
 * How many times {@link appendAuditEvents} tries before giving up on a log that keeps moving.
 *
 * @example
 * ```ts
 * APPEND_ATTEMPTS; // 5
 * ```
 */
export const APPEND_ATTEMPTS = 5;

/** Options of {@link appendAuditEvents}. */
export interface AppendAuditEventsOptions {
  context: CliContext;
  /** The command as a person typed it (the ref-log message). */
  command: string;
  /**
   * Decide the events from the log as it is now (oldest first). Called again after every lost
   * race, on the newer log; throwing stops with nothing written (e.g. the lock is held).
   */
  build: (events: AuditEvent[]) => AuditEventDraft[] | Promise<AuditEventDraft[]>;
  /** The caller fetched just now: skip the fetch before the first attempt. */
  fetched?: boolean;
  /**
   * When the push fails for another reason than a lost race (no network, no permission), keep
   * the events in the local log (the next relctl command that pushes publishes them) instead of
   * taking the local move back. Default `false`: a failed append leaves the local log as it was.
   */
  keepUnpublished?: boolean;
}

/** What {@link appendAuditEvents} wrote. */
export interface AppendedEvents {
  /** The log as read by the attempt that won, oldest first (without the new events). */
  before: AuditEvent[];
  /** The new log tip. */
  tip: Sha;
}

/**
 * Append events to the audit log as one compare-and-swap: read the tip, let `build` decide the
 * events from what it holds, write them on top and move `refs/relctl/log` only if it still
 * points at that tip (and push it with a lease when the policy has a remote). A lost race —
 * another relctl appended in between (or holds the ref's lock file right now), here or on the
 * remote — waits a moment, reads the log again and asks
 * `build` again, a bounded number of times. This is how the deploy lock is taken: two
 * processes cannot both append `lock-acquired` on the same tip.
 *
 * Runs through the runner (a tiny plan of `record`, `update-refs` and `push` steps) with an
 * in-memory run state, so it neither waits for nor replaces the repository's saved runs.
 *
 * @example
 * ```ts
 * await appendAuditEvents({ context, command: 'deploy prod', build: (events) => [{ type: 'lock-acquired', env: 'prod' }] });
 * ```
 */
export async function appendAuditEvents(options: AppendAuditEventsOptions): Promise<AppendedEvents> {
  const { context } = options;
  const remote = context.policy.remote && context.remote ? context.policy.remote : null;
  const ports = runPorts(context);
  for (let attempt = 1; ; attempt += 1) {
    if (remote && !(attempt === 1 && options.fetched)) await syncFromRemote(context, remote);
    const tip = await context.git.readRef(AUDIT_LOG_REF);
    const before = tip ? await context.log.read(tip) : [];
    const drafts = await options.build(before);
    const plan: Plan = {
      command: options.command,
      expected: { [AUDIT_LOG_REF]: tip },
      steps: [
        ...drafts.map((event) => ({ kind: 'record' as const, event })),
        { kind: 'update-refs', refs: [AUDIT_LOG_REF] },
        ...(remote ? [{ kind: 'push' as const, remote, refs: [AUDIT_LOG_REF] }] : []),
      ],
      notes: [],
    };
    const store = createMemoryRunStateStore();
    try {
      const result = await executePlan({ plan, ports, options: { ...context.runOptions, onProgress: undefined }, store });
      return { before, tip: result.state.working[AUDIT_LOG_REF] ?? tip ?? '' };
    } catch (error) {
      const lost = error instanceof RefRaceError || error instanceof RemoteRaceError || refBusy(error);
      const moved = (await store.loadCurrent())?.after !== undefined;
      if (moved && (lost || !options.keepUnpublished)) await rollbackUnpublishedRun({ ports, store });
      if (!lost) throw error;
      if (attempt >= APPEND_ATTEMPTS) {
        throw new RemoteRaceError(
          `the audit log kept moving while relctl recorded "${options.command}" (${APPEND_ATTEMPTS} attempts); nothing was recorded. Run the command again.`,
          { command: options.command },
        );
      }
      await sleep(20 + Math.floor(Math.random() * 100 * attempt));
    }
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Another process holds the ref's lock file at this very moment (both git ports report it as a
 * `StateError`: `data.lockPath` from the isomorphic port, `git update-ref`'s "lock" message from
 * the system one). For an append that is a lost race like any other: read the log again.
 */
function refBusy(error: unknown): boolean {
  if (!(error instanceof StateError)) return false;
  const data = error.data as { lockPath?: unknown; stderr?: unknown };
  return typeof data.lockPath === 'string' || (typeof data.stderr === 'string' && /lock/i.test(data.stderr));
}
