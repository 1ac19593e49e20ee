import { shortSha } from '@relctl/core';
import { candidate, releaseEnvironment } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface CandidateArgs {
  ids: string[];
  name?: string;
  withDeps: boolean;
  dryRun: boolean;
  maxTrials: number;
}

/** `relctl candidate <ids…>`: build exactly what production would become, on `candidate/<name>`. */
export const candidateCommand = defineCommand<CandidateArgs>({
  command: 'candidate <ids..>',
  describe: 'Build the exact tree production would have after promoting these requests, on branch candidate/<name>',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Request ids' })
      .option('name', { type: 'string', describe: 'Candidate name (branch candidate/<name>; default: the ids joined by "-")' })
      .option('with-deps', {
        type: 'boolean',
        default: false,
        describe: 'Add declared dependencies, and the smallest set of test requests without which the subset does not merge',
      })
      .option('max-trials', { type: 'number', default: 64, describe: 'Bound on trial merges when looking for the requests a subset needs' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan and the tree; move no ref' })
      .example('$0 candidate A C', 'Build candidate/A-C: main plus A and C, released, as production would get it')
      .example('$0 approve --candidate A-C --for prod', 'After testing it: pin the approval to its tree'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const built = await candidate({
        session: context,
        requestIds: args.ids.map(String),
        ...(args.name !== undefined ? { name: args.name } : {}),
        withDeps: args.withDeps,
        maxTrials: args.maxTrials,
        dryRun: args.dryRun,
        json: args.json,
      });
      if (args.json) {
        io.stdout(toJson(built));
        return;
      }
      const release = releaseEnvironment(context.policy);
      const head = args.dryRun ? `Candidate ${built.branch} would be` : `Built ${built.branch}:`;
      io.stdout(`${head} ${release.branch} at ${shortSha(built.base)} + ${built.requestIds.join(', ')}${built.version ? `, released as ${built.version}` : ''}.\n`);
      if (!args.dryRun) io.stdout(`commit ${built.commit}\n`);
      io.stdout(`tree ${built.tree}\n`);
      if (!args.dryRun) io.stdout(`Deploy and test it like an environment branch, then: relctl approve --candidate ${built.candidate} --for ${release.name}\n`);
    }),
});
