import { buildStatus, type StatusReport } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { knownConflicts } from '../conflicts/known-conflicts.js';
import { resolutionsFingerprint } from '../conflicts/resolutions-fingerprint.js';
import { unverifiedReleases } from '../deploy/unverified-release.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link readStatus}.
 *
 * @example
 * ```ts
 * const options: ReadStatusOptions = { session };
 * ```
 */
export interface ReadStatusOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
}

/**
 * The data behind `relctl status`: every request against every environment (in, stale, not in),
 * approvals, waiting times, the conflicts found earlier that still hold at today's heads, and
 * each environment's state, with a release a killed deploy left unverified. Changes nothing.
 *
 * @example
 * ```ts
 * const report = await readStatus({ session });
 * for (const env of report.environments) console.log(env.name, env.tip);
 * ```
 */
export async function readStatus(options: ReadStatusOptions): Promise<StatusReport> {
  const context = options.session;
  await readFromRemote(context);
  // The recorded resolutions are listed (a git process on the system backend) while the facts are read.
  const resolutions = resolutionsFingerprint(context);
  resolutions.catch(() => undefined); // awaited by knownConflicts; this keeps an early failure handled
  const facts = await gatherFacts(context);
  // Conflicts found earlier (relctl conflicts, candidate, promote) and still true at today's heads.
  facts.conflicts = await knownConflicts(context, facts, resolutions);
  const report = buildStatus({ policy: context.policy, facts });
  // A deploy killed after switching current leaves a release no deploy verified: say so.
  const unverified = await unverifiedReleases({ context });
  for (const env of report.environments) {
    const found = unverified.get(env.name);
    if (found) env.unverifiedRelease = { release: found.release, sha: found.sha, version: found.version, lastVerified: found.lastVerified };
  }
  return report;
}
