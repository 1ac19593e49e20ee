import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { git, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { relctl, type CliResult } from './cli-harness.js';
import { createStoryRepo, runState, startFourRequests, type StoryRepo } from './story-repo.js';

/**
 * The dry run is the plan: for every writing command, `--dry-run --json` prints the plan that
 * the real run (`--json`) then executes, step for step, also when a teammate moved origin in
 * between (the dry run fetches exactly as the real run does). Each case moves origin from a
 * second clone first, so a dry run that read only this clone's refs would plan something else.
 */
describe('the dry run is the plan, also when origin moved', () => {
  let repo: StoryRepo;
  let mate: TempRepo;
  let deployed: string;

  /** Run relctl in the teammate's clone, failing the test unless it exits 0. */
  const mateOk = (args: string[]): CliResult => {
    const result = relctl(mate.dir, args);
    expect(result.code, `teammate: relctl ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  /** A commit on `branch` in the teammate's clone, pushed to origin. */
  const mateCommit = (branch: string, files: Record<string, string>): string => {
    mate.git(['fetch', '-q', 'origin']);
    mate.git(['switch', '-q', '-C', branch, `origin/${branch}`]);
    const head = mate.commit(`Teammate's change on ${branch}`, files);
    mate.git(['push', '-q', 'origin', branch]);
    mate.git(['switch', '-q', '--detach']);
    return head;
  };
  /**
   * What a dry run must leave as it was: this clone's branches, tags and relctl refs, the worktree
   * and the run state (the fetch updates remote-tracking refs, as any fetch does).
   */
  const localState = (): string => `${repo.sharedRefs()}\n--status--\n${repo.git(['status', '--porcelain', '--untracked-files=all'])}\n--run--\n${runState(repo.dir)}`;
  const json = (result: CliResult): Record<string, unknown> => JSON.parse(result.stdout) as Record<string, unknown>;

  /** `args --dry-run --json`, then `args --json`: both exit 0; returns both JSON answers. */
  function dryThenReal(args: string[]): { dry: Record<string, unknown>; real: Record<string, unknown> } {
    const before = localState();
    const dry = repo.ok([...args, '--dry-run', '--json']);
    expect(localState(), `relctl ${args.join(' ')} --dry-run changed something`).toBe(before);
    const real = repo.ok([...args, '--json']);
    return { dry: json(dry), real: json(real) };
  }

  beforeAll(async () => {
    deployed = makeTempDir('dry-run-deploys');
    repo = await createStoryRepo({ origin: true });
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    config.environments[0]!.deploy = { strategy: 'command', command: `echo "$RELCTL_SHA" >> '${deployed}/test.log'` };
    repo.commitOnMain('Deploy settings', { 'relctl.config.yaml': stringify(config) });
    startFourRequests(repo);
    const dir = makeTempDir('dry-run-mate');
    git(dir, ['clone', '-q', repo.git(['remote', 'get-url', 'origin']), 'clone']);
    mate = openTempRepo(join(dir, 'clone'));
  }, 300_000);
  afterAll(async () => {
    await repo?.remove();
    mate?.remove();
  });

  it('promote: origin has a newer req/C; the dry run merges that head, as the real run does', () => {
    const head = mateCommit('req/C', { 'src/rounding.js': 'export const cents = 100;\n' });
    const { dry, real } = dryThenReal(['promote', 'C', '--to', 'test']);
    expect(dry.plan).toEqual(real.plan);
    expect(JSON.stringify(dry.plan)).toContain(head);
  });

  it('demote: origin has D on test too; the dry run rebuilds test with D, as the real run does', () => {
    mateOk(['promote', 'D', '--to', 'test']);
    const { dry, real } = dryThenReal(['demote', 'C', '--from', 'test']);
    expect(dry.plan).toEqual(real.plan);
    expect(JSON.stringify(dry.plan)).toContain('"requestId":"D"');
  });

  it('approve: origin has a newer req/A; the dry run approves that head, as the real run does', () => {
    const head = mateCommit('req/A', { 'src/export-header.js': 'export const header = "id";\n' });
    const { dry, real } = dryThenReal(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    expect(dry.plan).toEqual(real.plan);
    expect(dry.approval).toEqual(real.approval);
    expect((dry.approval as { sha: string }).sha).toBe(head);
  });

  it('sync: origin has a newer main; the dry run merges that tip, as the real run does', () => {
    const tip = mateCommit('main', { 'src/footer.js': 'export const footer = "shop";\n' });
    const { dry, real } = dryThenReal(['sync', 'B']);
    expect(dry.plan).toEqual(real.plan);
    expect(JSON.stringify(dry.plan)).toContain(tip);
  });

  it('request new: origin has a newer main; the dry run starts the branch there, as the real run does', () => {
    const tip = mateCommit('main', { 'src/banner.js': 'export const banner = "sale";\n' });
    const { dry, real } = dryThenReal(['request', 'new', 'E', '--title', 'Gift cards']);
    expect(dry.plan).toEqual(real.plan);
    expect(JSON.stringify(dry.plan)).toContain(tip);
  });

  it('revert: origin has B on test; the dry run rebuilds test with it, as the real run does', () => {
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['promote', 'A', '--to', 'prod']);
    mateOk(['promote', 'B', '--to', 'test']);
    const { dry, real } = dryThenReal(['revert', 'A', '--reason', 'breaks checkout']);
    expect(dry.plan).toEqual(real.plan);
    expect(JSON.stringify(dry.plan)).toContain('"requestId":"B"');
  });

  it('deploy: origin has a newer env/test; the dry run deploys that tip, as the real run does', () => {
    mateOk(['promote', 'C', '--to', 'test']);
    const tip = git(mate.dir, ['rev-parse', 'origin/env/test']);
    const { dry, real } = dryThenReal(['deploy', 'test']);
    for (const key of ['env', 'sha', 'version', 'requests', 'steps']) expect(dry[key], key).toEqual(real[key]);
    expect(dry.sha).toBe(tip);
    expect(readFileSync(join(deployed, 'test.log'), 'utf8').trim().split('\n').at(-1)).toBe(tip);
  });

  it('rollback: origin recorded a newer deployment; the dry run goes back from it, as the real run does', () => {
    mateOk(['promote', 'E', '--to', 'test']);
    mateOk(['deploy', 'test']);
    const { dry, real } = dryThenReal(['rollback', 'test']);
    for (const key of ['env', 'sha', 'version', 'from', 'steps']) expect(dry[key], key).toEqual(real[key]);
    expect((dry.from as { sha: string }).sha).toBe(git(mate.dir, ['rev-parse', 'origin/env/test']));
  });

  it('undo --dry-run names exactly the refs undo then moves back', () => {
    repo.ok(['demote', 'E', '--from', 'test']);
    const before = localState();
    const human = repo.ok(['undo', '--dry-run']).stdout;
    expect(human).toMatch(
      /^Plan for "relctl undo" \(dry run, nothing changed\):\n {2}note: takes back "relctl demote E --from test" \(the last finished run\)\.\n {2}1\. move env\/test back: /,
    );
    expect(human).toMatch(/\n {2}\d\. push to origin: env\/test, refs\/relctl\/log\n$/);
    const dry = json(repo.ok(['undo', '--dry-run', '--json'])) as { command: string; restored: unknown[]; logTip: string; push: string };
    expect(localState()).toBe(before);
    const real = json(repo.ok(['undo', '--json'])) as { command: string; restored: Array<{ ref: string; from: string }> };
    expect(dry.command).toBe(real.command);
    expect(dry.restored).toEqual(real.restored.filter((item) => item.ref !== 'refs/relctl/log'));
    expect(real.restored.find((item) => item.ref === 'refs/relctl/log')?.from).toBe(dry.logTip);
    expect(dry.push).toBe('origin');
  });
});
