import {
  StateError,
  Trailer,
  parseTrailers,
  planAfterMerge,
  type CommitInfo,
  type GitPort,
  type LandedRelease,
  type ReleasePort,
  type Sha,
} from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import type { Io } from '../io.js';
import { gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import { shortSha, toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { withRemoteRetry } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';

interface AfterMergeArgs {
  dryRun: boolean;
}

/** How far back on the release branch's first-parent line `after-merge` looks for a release commit. */
const MAINLINE_LIMIT = 200;
/** How far into the merged side of a merge commit it looks (the pull request's own commits). */
const SIDE_LIMIT = 50;

/** A release commit found in history, with the date its notes were written for. */
interface Landed extends LandedRelease {
  /** `YYYY-MM-DD` (UTC) of the release commit: the tag notes carry the date the release was cut. */
  date: string;
}

/**
 * `relctl after-merge`: for a CI job on the production branch. Finds the newest release commit
 * (trailers `Relctl-Release`, `Relctl-Requests`) that reached the production branch through a
 * pull request of `promote --via-pr` — merged with a merge commit or fast-forwarded — and, when
 * its tag does not exist yet, finishes the promotion: tag, rebuild test without the shipped
 * requests, sync the others, record, push. Running it again does nothing.
 */
export const afterMergeCommand = defineCommand<AfterMergeArgs>({
  command: 'after-merge',
  describe: 'Finish a promotion whose pull request was merged (tag, rebuild test, sync the rest); for CI on the production branch',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be finished; change nothing' })
      .example('$0 after-merge', 'After the pull request of "promote A C --to prod --via-pr" was merged')
      .example('$0 after-merge --dry-run', 'Show the plan (tag, rebuild, syncs) without doing it'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      await withRemoteRetry(context, args.dryRun, async () => {
        const prod = releaseEnvironment(context.policy);
        const facts = await gatherFacts(context);
        const tip = facts.environments.find((env) => env.name === prod.name)?.tip ?? null;
        if (!tip) throw new StateError(`The ${prod.name} branch ${prod.branch} does not exist here; fetch it, then run "relctl after-merge" again.`, { branch: prod.branch });
        const landed = await findLandedRelease(context.git, tip);
        if (!landed) {
          return finishNothing(context, args.json, null, `No release commit of relctl in the last ${MAINLINE_LIMIT} commits of ${prod.branch}; nothing to finish.`);
        }
        const tagName = `${context.policy.tagPrefix}${landed.version}`;
        if ((await context.git.readRef(`refs/tags/${tagName}`)) !== null) {
          return finishNothing(context, args.json, landed, `Release ${landed.version} (${shortSha(landed.commit)}) on ${prod.branch} is tagged ${tagName} already; nothing to finish.`);
        }
        const members = facts.environments.find((env) => env.name === prod.name)?.members ?? [];
        const lost = landed.requestIds.filter((id) => facts.requests.some((request) => request.id === id) && !members.some((member) => member.requestId === id));
        if (lost.length > 0) {
          throw new StateError(
            `Release ${landed.version} names ${lost.join(', ')}, but their merges are not in ${prod.branch} (was the pull request squashed or rebased?); merge it with a merge commit or fast-forward, or tag ${tagName} by hand.`,
            { version: landed.version, commit: landed.commit, missing: lost },
          );
        }
        const plan = planAfterMerge({ policy: context.policy, facts, landed, command: 'after-merge' });
        const release = landedReleasePort(context.release, landed);
        const result = await executeOrPrint({ context: { ...context, release }, plan, dryRun: args.dryRun, json: args.json });
        if (args.json) {
          io.stdout(
            toJson({
              finished: result !== null,
              dryRun: args.dryRun,
              release: { version: landed.version, tag: tagName, commit: landed.commit, requestIds: landed.requestIds },
              plan,
              syncConflicts: result?.state.syncConflicts ?? [],
            }),
          );
        } else if (result) {
          io.stdout(`Finished release ${tagName} on ${prod.name}: tagged ${shortSha(landed.commit)} (${landed.requestIds.join(', ')}).\n`);
        }
      });
    }),
});

function finishNothing(context: CliContext<Io>, json: boolean, landed: Landed | null, message: string): void {
  if (json) {
    const release = landed ? { version: landed.version, tag: `${context.policy.tagPrefix}${landed.version}`, commit: landed.commit, requestIds: landed.requestIds } : null;
    context.io.stdout(toJson({ finished: false, reason: message, release }));
  } else context.io.stdout(`${message}\n`);
}

/**
 * The newest release commit reachable from `tip`: on its first-parent line, or on the merged
 * side of a merge commit (a pull request merged with a merge commit), not past what the line
 * already had.
 */
async function findLandedRelease(git: GitPort, tip: Sha): Promise<Landed | null> {
  for (const commit of await git.firstParentHistory(tip, { limit: MAINLINE_LIMIT })) {
    const own = asRelease(commit);
    if (own) return own;
    const [first, ...sides] = commit.parents;
    if (first === undefined) continue;
    for (const side of sides) {
      for (const candidate of await git.firstParentHistory(side, { limit: SIDE_LIMIT })) {
        if (await git.isAncestor(candidate.sha, first)) break;
        const merged = asRelease(candidate);
        if (merged) return merged;
      }
    }
  }
  return null;
}

function asRelease(commit: CommitInfo): Landed | null {
  const trailers = parseTrailers(commit.message);
  const value = (key: string) =>
    Object.entries(trailers).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1]?.at(-1)?.trim() ?? '';
  const version = value(Trailer.release);
  const requestIds = value(Trailer.requests).split(',').map((id) => id.trim()).filter(Boolean);
  const parent = commit.parents[0];
  if (version === '' || requestIds.length === 0 || parent === undefined) return null;
  const date = new Date(commit.committer.timestamp * 1000).toISOString().slice(0, 10);
  return { commit: commit.sha, parent, version, requestIds, date };
}

/**
 * The release port for the tag of a landed release: the same computation as when the release was
 * cut, dated as the release commit, and refused when it would name another version.
 */
function landedReleasePort(release: ReleasePort, landed: Landed): ReleasePort {
  return {
    async prepare(input) {
      const output = await release.prepare({ ...input, date: landed.date });
      if (output.version !== landed.version) {
        throw new StateError(
          `The release commit ${shortSha(landed.commit)} says ${landed.version} but its requests now give ${output.version} (a tag or version file changed since it was cut); set that right, then run "relctl after-merge" again.`,
          { commit: landed.commit, version: landed.version, computed: output.version },
        );
      }
      return output;
    },
  };
}
