import type { SkippedAuditRecord } from '@relctl/core';
import type { DoctorCheck } from './doctor-check.js';

/** How many left-out commits the check names one by one. */
const NAMED = 5;

/**
 * The doctor's check of the audit log's records: a commit on `refs/relctl/log` that is not a
 * relctl event (someone else wrote it) is left out by every command with a warning; the fix is to
 * take it out of the shared log, after which every clone takes the repaired log on its next fetch.
 *
 * @example
 * ```ts
 * await gatherFacts(context); // reads the log
 * checks.push(logRecordsCheck([...context.logSkipped.values()], 'origin'));
 * ```
 */
export function logRecordsCheck(skipped: SkippedAuditRecord[], remote: string | null): DoctorCheck {
  if (skipped.length === 0) return { name: 'audit log records', ok: true, detail: 'every commit on refs/relctl/log is a relctl event' };
  const named = skipped.slice(0, NAMED).map((record) => `${record.id.slice(0, 12)} (${record.problem})`);
  const more = skipped.length > NAMED ? ` and ${skipped.length - NAMED} more` : '';
  const where = remote ? `force-push refs/relctl/log to ${remote}; every clone takes the repaired log on its next fetch` : 'move refs/relctl/log to the rewritten tip';
  return {
    name: 'audit log records',
    ok: false,
    detail:
      `${skipped.length} commit(s) on refs/relctl/log are not relctl events, and every command leaves them out: ${named.join(', ')}${more}. ` +
      `Someone other than relctl wrote them. Repair: rewrite the log without them and ${where} (the commands are in the FAQ, "A commit on refs/relctl/log is not a relctl event")`,
  };
}
