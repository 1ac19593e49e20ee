import { UsageError } from '@relctl/core';
import { recordCheck } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface CheckArgs {
  action: 'record';
  name?: string;
  sha?: string;
  result?: string;
  url?: string;
  dryRun: boolean;
}

/** `relctl check record <name> --sha <sha> --result pass|fail|pending`: a CI result in the audit log. */
export const checkCommand = defineCommand<CheckArgs>({
  command: 'check <action> [name]',
  describe: 'Record a CI result (pass, fail, pending) about one exact commit in the audit log, for the checks rule',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['record'] as const, describe: 'record' })
      .positional('name', { type: 'string', describe: 'The check name, as the checks rule lists it (unit, e2e…)' })
      .option('sha', { type: 'string', describe: 'The full SHA of the commit that was tested (git rev-parse HEAD)' })
      .option('result', { type: 'string', choices: ['pass', 'fail', 'pending'], describe: 'What the check found' })
      .option('url', { type: 'string', describe: "A link to the run's log" })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .example('$0 check record e2e --sha "$(git rev-parse HEAD)" --result pass --url "$BUILD_URL"', 'At the end of a CI job that tested a request head or a candidate'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      if (args.name === undefined || args.name === '') throw new UsageError('Name the check: relctl check record <name> --sha <sha> --result pass|fail.', {});
      if (args.sha === undefined) throw new UsageError('Say which commit was tested: --sha <full sha> (git rev-parse HEAD).', {});
      if (args.result === undefined) throw new UsageError('Say what the check found: --result pass, fail or pending.', {});
      const recorded = await recordCheck({
        session: context,
        name: args.name,
        sha: args.sha,
        result: args.result,
        ...(args.url === undefined ? {} : { url: args.url }),
        dryRun: args.dryRun,
        json: args.json,
      });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan: recorded.plan, check: recorded.check, requestIds: recorded.requestIds }));
    }),
});
