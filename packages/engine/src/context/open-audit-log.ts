import type { AuditEvent, AuditLogPort, CommitData, GitPort, SkippedAuditRecord } from '@relctl/core';
import { createAuditLog, type Repository } from '@relctl/git';

/** Options of {@link openAuditLog}. */
export interface OpenAuditLogOptions {
  git: GitPort;
  repo: Repository;
  /** Told once per left-out commit: the warning's text. */
  warn: (message: string) => void;
  /** The log commits left out so far in this command (filled in; shared by every reader of the command). */
  skipped: Map<string, SkippedAuditRecord>;
  signEvent?: (options: { event: AuditEvent; commit: CommitData }) => Promise<CommitData>;
}

/**
 * The command's audit log: a commit on `refs/relctl/log` that is not a relctl event (someone else
 * wrote it) is left out with one warning line naming it, once per command, instead of stopping
 * every command in every clone; `relctl doctor` reports it with the repair.
 */
export function openAuditLog(options: OpenAuditLogOptions): AuditLogPort {
  const { warn, skipped } = options;
  return createAuditLog({
    git: options.git,
    repo: options.repo,
    ...(options.signEvent ? { signEvent: options.signEvent } : {}),
    onMalformed: 'skip',
    onSkipped: (records) => {
      for (const record of records) {
        if (skipped.has(record.id)) continue;
        skipped.set(record.id, record);
        warn(`audit log commit ${record.id.slice(0, 12)} is not a relctl event (${oneLine(record.problem)}); left out. "relctl doctor" says how to repair the log.`);
      }
    },
  });
}

/** A problem text on one short line (it may quote what someone else wrote). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach the terminal
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
