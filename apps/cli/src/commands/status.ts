import { buildStatus } from '@relctl/core';
import { knownConflicts } from '@relctl/engine/internal';
import { resolutionsFingerprint } from '@relctl/engine/internal';
import { gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { renderStatus } from '../output/render-status.js';
import { unverifiedReleases } from '@relctl/engine/internal';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';
import { readFromRemote } from '@relctl/engine/internal';

/** `relctl status`: every request against every environment, and each environment's state. */
export const statusCommand = defineCommand<Record<string, never>>({
  command: 'status',
  describe: 'Show every request in every environment: in / stale / not in, approvals, waiting time, conflicts',
  builder: (yargs) => yargs.example('$0 status', 'The morning table').example('$0 status --json', 'The same data for scripts'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
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
      io.stdout(args.json ? toJson(report) : renderStatus(report, io));
    }),
});
