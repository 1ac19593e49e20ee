import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '@relctl/core';
import { branchRef, releaseEnvironment } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { defaultConfigYaml } from '@relctl/engine/internal';
import { ciInitActions } from '../ci/ci-init-actions.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface InitArgs {
  dryRun: boolean;
  ci?: 'github';
}

/** `relctl init`: a commented config, the integration branches, and `.changeset/`. Safe to run twice. */
export const initCommand = defineCommand<InitArgs>({
  command: 'init',
  describe: 'Set relctl up in this repository: config, integration branches, .changeset/ (safe to run twice)',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Say what would be done; change nothing' })
      .option('ci', { choices: ['github'] as const, describe: 'Also write CI workflows: deploy on branch moves, notes on pull requests, after-merge' })
      .example('$0 init', 'Write relctl.config.yaml and create env/test from main')
      .example('$0 init --ci github', 'Also write .github/workflows/relctl-*.yml (existing files are kept)'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const actions: string[] = [];
      const release = releaseEnvironment(context.policy);
      const releaseTip = await context.git.readRef(branchRef(release.branch));
      if (!releaseTip) {
        throw new StateError(`The production branch "${release.branch}" has no commits yet; commit your code to it first, then run "relctl init".`, {
          branch: release.branch,
        });
      }
      const writeFiles = context.repo.dir !== null;
      const configPath = join(context.root, 'relctl.config.yaml');
      if (!context.configFile && writeFiles && !existsSync(configPath)) actions.push(`write ${configPath}`);
      const changesetDir = join(context.root, '.changeset');
      if (writeFiles && !existsSync(changesetDir)) actions.push(`create ${changesetDir}/ (config.json, README.md)`);
      const missing = [];
      for (const env of context.policy.environments) {
        if (env.kind !== 'integration') continue;
        if (!(await context.git.readRef(branchRef(env.branch)))) missing.push(env);
      }
      for (const env of missing) actions.push(`create branch ${env.branch} for ${env.name} at ${release.branch} (${releaseTip.slice(0, 7)})`);

      if (!args.dryRun) {
        if (actions.some((action) => action.startsWith('write '))) writeFileSync(configPath, defaultConfigYaml());
        if (writeFiles && !existsSync(changesetDir)) createChangesetFolder(changesetDir);
        if (missing.length > 0) {
          await context.git.updateRefs(
            missing.map((env) => ({ ref: branchRef(env.branch), expected: null, next: releaseTip })),
            { message: 'relctl: init' },
          );
        }
      }
      if (args.ci) actions.push(...ciInitActions({ ci: args.ci, worktree: context.repo.dir, policy: context.policy, dryRun: args.dryRun }));
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, actions }));
      else if (actions.length === 0) io.stdout('relctl is already set up here; nothing to do.\n');
      else {
        io.stdout(args.dryRun ? 'relctl init would:\n' : 'relctl init:\n');
        for (const action of actions) io.stdout(`  - ${action}\n`);
        if (!args.dryRun && writeFiles) io.stdout(`Commit the new files to ${release.branch} so the whole team shares them.\n`);
      }
      // A config written but not committed yet is not the policy: init reads production's (or the defaults).
    }, { worktreeConfig: 'ignore' }),
});

function createChangesetFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'config.json'),
    `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'restricted', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: [] }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'README.md'),
    '# Changesets\n\nEach relctl request carries one file here, `.changeset/<id>.md`: the version bump and the release note.\nrelctl consumes exactly the files of the requests it ships.\n',
  );
}
