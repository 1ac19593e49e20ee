import { init } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { ciInitActions } from '../ci/ci-init-actions.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface InitArgs {
  dryRun: boolean;
  ci?: 'github';
  initialVersion?: string;
}

/** How `init` says where the production branch came from. */
const FOUND_BY = {
  config: 'git config relctl.productionBranch',
  'origin-head': "origin's default branch",
  default: 'the first of main, master that exists',
} as const;

/** `relctl init`: a commented config, the integration branches, and `.changeset/`. Safe to run twice. */
export const initCommand = defineCommand<InitArgs>({
  command: 'init',
  describe: 'Set relctl up in this repository: config, integration branches, .changeset/ (safe to run twice)',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Say what would be done; change nothing' })
      .option('ci', { choices: ['github'] as const, describe: 'Also write CI workflows: deploy on branch moves, notes on pull requests, after-merge' })
      .option('initial-version', { type: 'string', describe: 'No release tags yet: tag production as the version it runs today (e.g. 2.3.0)' })
      .example('$0 init', 'Write relctl.config.yaml and create env/test from the production branch')
      .example('$0 init --initial-version 2.3.0', 'An existing service without release tags: continue from 2.3.0')
      .example('$0 init --ci github', 'Also write .github/workflows/relctl-*.yml (existing files are kept)'),
  run: async (args, io) =>
    withContext(
      args,
      io,
      async (context) => {
        const result = await init({ session: context, dryRun: args.dryRun, ...(args.initialVersion !== undefined ? { initialVersion: String(args.initialVersion) } : {}) });
        const actions = [...result.actions];
        if (args.ci) actions.push(...ciInitActions({ ci: args.ci, worktree: context.repo.dir, policy: context.policy, dryRun: args.dryRun }));
        const production = `production branch: ${result.productionBranch.branch} (${FOUND_BY[result.productionBranch.foundBy]})`;
        if (args.json) {
          io.stdout(toJson({ dryRun: args.dryRun, actions, productionBranch: result.productionBranch, version: result.version, notes: result.notes }));
          return;
        }
        if (actions.length === 0) io.stdout('relctl is already set up here; nothing to do.\n');
        else {
          io.stdout(args.dryRun ? 'relctl init would:\n' : 'relctl init:\n');
          for (const action of actions) io.stdout(`  - ${action}\n`);
        }
        io.stdout(`${production}${result.version === null ? '' : `, at version ${result.version}`}\n`);
        for (const note of result.notes) io.stdout(`note: ${note}\n`);
        if (actions.length > 0 && !args.dryRun && context.repo.dir !== null)
          io.stdout(`Commit the new files to ${result.productionBranch.branch} so the whole team shares them.\n`);
        // A config written but not committed yet is not the policy: init reads production's (or the defaults).
      },
      { worktreeConfig: 'ignore' },
    ),
});
