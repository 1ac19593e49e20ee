import { UsageError, type SignatureCheck } from '@relctl/core';
import { forgetResolution, learnResolutions, listResolutions, RESOLUTIONS_PREFIX, verifyCommitSignature, type ResolutionInfo } from '@relctl/git';
import type { CliContext } from '@relctl/engine/internal';
import type { Io } from '../io.js';
import { publishResolutions } from '@relctl/engine/internal';
import { resolutionPrefixes } from '@relctl/engine/internal';
import { resolveRevision } from '@relctl/engine/internal';
import { readAllowedSigners } from '@relctl/engine/internal';
import { shortSha, toJson } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';
import { readFromRemote } from '@relctl/engine/internal';

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
      if (args.action === 'list') {
        await readFromRemote(context);
        return list(context, args.json);
      }
      if (args.action === 'learn') return learn(context, args);
      return forget(context, args);
    }),
});

async function allResolutions(context: CliContext<Io>): Promise<Array<ResolutionInfo & { where: 'here' | 'remote' }>> {
  const [local, remote] = resolutionPrefixes(context.policy);
  const found: Array<ResolutionInfo & { where: 'here' | 'remote' }> = (await listResolutions({ git: context.git, prefix: local ?? RESOLUTIONS_PREFIX })).map(
    (item) => ({ ...item, where: 'here' as const }),
  );
  if (remote) {
    for (const item of await listResolutions({ git: context.git, prefix: remote })) {
      if (!found.some((known) => known.key === item.key)) found.push({ ...item, where: 'remote' });
    }
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function list(context: CliContext<Io>, json: boolean): Promise<void> {
  const allowedSigners = await readAllowedSigners(context);
  // Who recorded it is what its commit claims; the signature says whether that is proven.
  const found = [];
  for (const item of await allResolutions(context)) {
    found.push({ ...item, signature: await verifyCommitSignature({ repo: context.repo, commit: item.commit, allowedSigners }) });
  }
  if (json) {
    context.io.stdout(toJson(found));
    return;
  }
  if (found.length === 0) {
    context.io.stdout('No recorded resolution. Resolve a conflict in a merge by hand, then run "relctl resolutions learn".\n');
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
  context.io.stdout(renderTable(['key', 'path', 'recorded by', 'signature', 'date', 'where', 'learned from'], rows));
}

async function learn(context: CliContext<Io>, args: ResolutionsArgs & GlobalOptions): Promise<void> {
  const { io } = context;
  const revisions = args.targets.length > 0 ? args.targets : ['HEAD'];
  const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(io.now() / 1000), timezoneOffset: 0 };
  const learned: Array<{ revision: string; path: string; key: string; commit: string | null }> = [];
  for (const revision of revisions) {
    const commit = await resolveRevision(context.git, revision);
    const info = await context.git.readCommit(commit);
    if (info.parents.length !== 2) {
      throw new UsageError(`${revision} (${shortSha(commit)}) is not a merge commit; learn from the merge in which you resolved the conflict.`, { revision });
    }
    for (const item of await learnResolutions({ repo: context.repo, git: context.git, commit, identity, dryRun: args.dryRun, sign: context.sign })) {
      learned.push({ revision, ...item });
    }
  }
  if (!args.dryRun) await publishResolutions(context, learned.flatMap((item) => (item.commit ? [{ ref: `${RESOLUTIONS_PREFIX}${item.key}`, next: item.commit }] : [])));
  if (args.json) {
    io.stdout(toJson({ dryRun: args.dryRun, learned }));
    return;
  }
  if (learned.length === 0) {
    io.stdout(`Nothing to learn: the parents of ${revisions.join(', ')} merge without a text conflict.\n`);
    return;
  }
  const verb = args.dryRun ? 'Would record' : 'Recorded';
  for (const item of learned) io.stdout(`${verb} the resolution of ${item.path} (key ${item.key.slice(0, 12)}) from ${item.revision}.\n`);
  if (!args.dryRun) io.stdout('Every later merge meeting the same conflict (a rebuild of test, here or in any clone that fetched it) reuses it.\n');
}

async function forget(context: CliContext<Io>, args: ResolutionsArgs & GlobalOptions): Promise<void> {
  const { io } = context;
  if (args.targets.length === 0) throw new UsageError('Name the resolutions to forget: keys (at least 4 hex digits) or paths; see "relctl resolutions list".', {});
  const local = await listResolutions({ git: context.git });
  const chosen = local.filter((item) =>
    args.targets.some((target) => item.path === target || (/^[0-9a-f]{4,40}$/.test(target) && item.key.startsWith(target))),
  );
  if (chosen.length === 0) {
    throw new UsageError(`No recorded resolution matches ${args.targets.join(', ')}; see "relctl resolutions list".`, { targets: args.targets });
  }
  if (!args.dryRun) {
    for (const item of chosen) await forgetResolution({ git: context.git, key: item.key });
    await publishResolutions(context, chosen.map((item) => ({ ref: item.ref, next: null })));
  }
  if (args.json) io.stdout(toJson({ dryRun: args.dryRun, forgotten: chosen }));
  else for (const item of chosen) io.stdout(`${args.dryRun ? 'Would forget' : 'Forgot'} the resolution of ${item.path} (key ${item.key.slice(0, 12)}).\n`);
}
