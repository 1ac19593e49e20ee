import type { SignatureCheck } from '@relctl/core';
import { forgetSharedResolutions, learnSharedResolutions, listSharedResolutions, type LearnedResolution, type SharedResolution } from '@relctl/engine';
import type { Io } from '../io.js';
import { shortSha, toJson } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';

interface ResolutionsArgs {
  action: 'list' | 'learn' | 'forget';
  targets: string[];
  dryRun: boolean;
}

/** `relctl resolutions list|learn|forget`: conflict resolutions shared by the team (rerere for everyone). */
export const resolutionsCommand = defineCommand<ResolutionsArgs>({
  command: 'resolutions <action> [targets..]',
  describe: 'Conflict resolutions recorded once and reused by every rebuild: list, learn from a merge, forget',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['list', 'learn', 'forget'] as const, describe: 'list, learn or forget' })
      .positional('targets', { type: 'string', array: true, default: [], describe: 'learn: merge commits (default HEAD); forget: keys (or a prefix) or paths' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'learn/forget: say what would change; change nothing' })
      .example('$0 resolutions learn', 'Record how the merge you just finished by hand resolved its conflicts')
      .example('$0 resolutions forget src/products.js', 'Drop a resolution that is no longer right'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      if (args.action === 'list') return list(io, await listSharedResolutions({ session: context }), args.json);
      if (args.action === 'learn') return learn(io, await learnSharedResolutions({ session: context, revisions: args.targets, dryRun: args.dryRun }), args);
      const forgotten = await forgetSharedResolutions({ session: context, targets: args.targets, dryRun: args.dryRun });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, forgotten }));
      else for (const item of forgotten) io.stdout(`${args.dryRun ? 'Would forget' : 'Forgot'} the resolution of ${item.path} (key ${item.key.slice(0, 12)}).\n`);
    }),
});

function list(io: Io, found: SharedResolution[], json: boolean): void {
  if (json) {
    io.stdout(toJson(found));
    return;
  }
  if (found.length === 0) {
    io.stdout('No recorded resolution. Resolve a conflict in a merge by hand, then run "relctl resolutions learn".\n');
    return;
  }
  const signature = (check: SignatureCheck): string => (check.status === 'verified' ? `verified: ${check.signer}` : check.status === 'unknown-key' ? 'unknown key' : check.status);
  const rows = found.map((item) => [
    item.key.slice(0, 12),
    item.path,
    item.by,
    signature(item.signature),
    new Date(item.at).toISOString().slice(0, 10),
    item.where,
    item.source ? shortSha(item.source) : '-',
  ]);
  io.stdout(renderTable(['key', 'path', 'recorded by', 'signature', 'date', 'where', 'learned from'], rows));
}

function learn(io: Io, learned: LearnedResolution[], args: ResolutionsArgs & GlobalOptions): void {
  if (args.json) {
    io.stdout(toJson({ dryRun: args.dryRun, learned }));
    return;
  }
  const revisions = args.targets.length > 0 ? args.targets : ['HEAD'];
  if (learned.length === 0) {
    io.stdout(`Nothing to learn: the parents of ${revisions.join(', ')} merge without a text conflict.\n`);
    return;
  }
  const verb = args.dryRun ? 'Would record' : 'Recorded';
  for (const item of learned) io.stdout(`${verb} the resolution of ${item.path} (key ${item.key.slice(0, 12)}) from ${item.revision}.\n`);
  if (!args.dryRun) io.stdout('Every later merge meeting the same conflict (a rebuild of test, here or in any clone that fetched it) reuses it.\n');
}
