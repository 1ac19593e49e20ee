import { AUDIT_LOG_REF, type AuditEvent, type RecordStep } from '@relctl/core';
import { workingTip, type StepContext } from '../run-context.js';
import type { LeftOut } from '../run-state.js';

/**
 * `record`: append one event to the working tip of the audit log (objects only). A `synced`
 * event names only the requests whose branch the run's `sync` steps moved: one that conflicted
 * (listed in `data.conflicted`) or was already up to date was not synced, and an event with none
 * left is not recorded at all — the log says what happened.
 */
export async function runRecord(context: StepContext, step: RecordStep): Promise<string> {
  const { state, options } = context;
  const event: AuditEvent = { ...step.event, at: options.now(), actor: options.actor };
  if (step.shaOf) {
    const sha = workingTip(state, step.shaOf);
    if (sha) event.sha = sha;
  }
  if (event.type === 'synced') {
    const conflicted = state.syncConflicts.map((conflict) => conflict.requestId);
    const moved = (id: string) =>
      state.plan.steps.some(
        (candidate) => candidate.kind === 'sync' && candidate.requestId === id && workingTip(state, candidate.ref) !== (state.plan.expected[candidate.ref] ?? null),
      );
    const named = event.requestIds ?? [];
    // A sync step only exists for some plans (`sync --worktree` records a merge made by hand).
    const synced = named.filter((id) => moved(id) || !state.plan.steps.some((candidate) => candidate.kind === 'sync' && candidate.requestId === id));
    if (synced.length === 0) return `nothing synced; no ${event.type} event`;
    event.requestIds = synced;
    if (conflicted.length > 0) event.data = { ...event.data, conflicted };
  }
  // The recorded resolutions the run's merges of these requests applied (into this environment;
  // for a sync, into the request branches): the log says whose code went in.
  const applied = (state.resolutions ?? []).filter((use) => (event.requestIds ?? []).includes(use.requestId) && use.env === event.env);
  if (applied.length > 0 && (event.type === 'promoted' || event.type === 'synced')) {
    event.data = { ...event.data, resolutions: applied.map(({ requestId, path, key, commit, by }) => ({ requestId, path, key, commit, by })) };
  }
  if (step.withRelease && state.release) {
    event.data = { ...event.data, version: state.release.version, tag: state.release.tagName };
  }
  const leftOut = (state.leftOut ?? []).filter((out) => out.env === event.env);
  if (event.type === 'promoted' && leftOut.length > 0) return recordLeavingOut(context, event, leftOut);
  state.working[AUDIT_LOG_REF] = await context.ports.log.append(workingTip(state, AUDIT_LOG_REF), [event]);
  return `recorded ${event.type}`;
}

/**
 * A `promoted` event of an environment a rebuild left requests out of: it names only the requests
 * that went in (not recorded when none did), and a `demoted` event names those left out, with
 * the conflicting paths, so the log says what the environment holds.
 */
async function recordLeavingOut(context: StepContext, event: AuditEvent, leftOut: LeftOut[]): Promise<string> {
  const { state, options } = context;
  const out = new Set(leftOut.map((item) => item.requestId));
  const events: AuditEvent[] = [];
  const kept = (event.requestIds ?? []).filter((id) => !out.has(id));
  if (kept.length > 0) {
    const shas = event.data?.['shas'];
    const keptShas = typeof shas === 'object' && shas !== null ? Object.fromEntries(Object.entries(shas).filter(([id]) => !out.has(id))) : undefined;
    events.push({ ...event, requestIds: kept, ...(event.data === undefined ? {} : { data: { ...event.data, ...(keptShas === undefined ? {} : { shas: keptShas }) } }) });
  }
  for (const skipped of [false, true]) {
    const group = leftOut.filter((item) => (item.skipped === true) === skipped);
    if (group.length === 0) continue;
    const paths = [...new Set(group.flatMap((item) => item.conflicts.map((conflict) => conflict.path)))];
    const why = skipped ? 'its merge was skipped with "relctl skip"' : 'its sync with production conflicted';
    events.push({
      type: 'demoted',
      at: options.now(),
      actor: options.actor,
      env: event.env,
      requestIds: group.map((item) => item.requestId),
      reason: `left out of the rebuild: ${why}${paths.length > 0 ? ` (${paths.join(', ')})` : ''}`,
      data: { leftOut: true, conflicts: paths, ...(skipped ? { skipped: true } : {}) },
    });
  }
  state.working[AUDIT_LOG_REF] = await context.ports.log.append(workingTip(state, AUDIT_LOG_REF), events);
  return `recorded ${events.map((item) => item.type).join(', ')}`;
}
