import { AUDIT_LOG_REF, type AuditEvent, type RecordStep } from '@relctl/core';
import { workingTip, type StepContext } from '../run-context.js';

/** `record`: append one event to the working tip of the audit log (objects only). */
export async function runRecord(context: StepContext, step: RecordStep): Promise<string> {
  const { state, options } = context;
  const event: AuditEvent = { ...step.event, at: options.now(), actor: options.actor };
  if (step.shaOf) {
    const sha = workingTip(state, step.shaOf);
    if (sha) event.sha = sha;
  }
  const conflicted = state.syncConflicts.map((conflict) => conflict.requestId);
  if (event.type === 'synced' && conflicted.length > 0) {
    // A sync that conflicted left its branch alone: the event says so instead of claiming it.
    event.requestIds = (event.requestIds ?? []).filter((id) => !conflicted.includes(id));
    event.data = { ...event.data, conflicted };
  }
  if (step.withRelease && state.release) {
    event.data = { ...event.data, version: state.release.version, tag: state.release.tagName };
  }
  state.working[AUDIT_LOG_REF] = await context.ports.log.append(workingTip(state, AUDIT_LOG_REF), [event]);
  return `recorded ${event.type}`;
}
