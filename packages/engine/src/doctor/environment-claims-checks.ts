import { shortSha, type Facts } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { removedReleaseCommits } from '../shared/removed-release-commits.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * The doctor's checks that every environment branch holds what the audit log says it does: an
 * integration branch each request the log puts there (else someone force-pushed it back; the
 * next promotion into it rebuilds it), the release branch the newest release the log records
 * (else someone moved production back; a production promotion refuses until told what to do).
 *
 * @example
 * ```ts
 * checks.push(...(await environmentClaimsChecks(context, await gatherFacts(context))));
 * ```
 */
export async function environmentClaimsChecks(context: CliContext, facts: Facts): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const remote = context.policy.remote && context.remote ? context.policy.remote : null;
  for (const env of context.policy.environments) {
    const name = `${env.branch} holds what the log says`;
    const where = remote ? `${remote}'s ${env.branch}` : env.branch;
    if (env.kind === 'integration') {
      const missing = facts.environments.find((state) => state.name === env.name)?.missing ?? [];
      checks.push(
        missing.length === 0
          ? { name, ok: true, detail: `every request the audit log puts on ${env.name} is on it` }
          : {
              name,
              ok: false,
              detail: `${where} lacks ${missing.map((member) => `${member.requestId} (${shortSha(member.sha)})`).join(', ')}, which the audit log says ${missing.length === 1 ? 'is' : 'are'} on ${env.name}: someone moved ${env.branch} back. The next "relctl promote <id> --to ${env.name}" rebuilds it with ${missing.length === 1 ? 'it' : 'them'}`,
            },
      );
      continue;
    }
    const removed = await removedReleaseCommits(context, facts.events, env);
    checks.push(
      removed === null
        ? { name, ok: true, detail: `it holds the newest release the audit log records` }
        : {
            name,
            ok: false,
            detail: `${where} no longer holds ${removed.release.version ? `release ${removed.release.version} ` : 'release commit '}(${shortSha(removed.release.sha)}): someone moved ${env.branch} back, removing ${removed.commits.length} commit(s) (${removed.commits
              .slice(0, 5)
              .map((sha) => shortSha(sha))
              .join(
                ', ',
              )}). A production promotion refuses until you decide: revert them on ${env.branch}, or publish them again with "relctl promote <ids> --to ${env.name} --republish" (logged)`,
          },
    );
  }
  return checks;
}
