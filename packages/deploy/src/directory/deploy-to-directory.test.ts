import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError, type AuditEvent } from '@relctl/core';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { makeTempDir } from '@relctl/testing';
import { deploymentEvent } from '../history/deployment-event.js';
import { rollbackTarget } from '../history/rollback-target.js';
import type { DirectoryDeploySettings } from '../settings/deploy-settings-schema.js';
import { lsTree } from '../test-support/ls-tree.js';
import { buildStoryRepo, type StoryRepo } from '../test-support/story-repo.js';
import { treeListing } from '../test-support/tree-listing.js';
import { DEPLOY_LOCK_FILE } from './deploy-lock-file.js';
import { deployToDirectory, type DeployToDirectoryOptions } from './deploy-to-directory.js';

let story: StoryRepo;
let git: SystemGitPort;
let work: string;
let counter = 0;
const baseEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
const ANN = 'Ann <ann@example.com>';
const BO = 'Bo <bo@example.com>';

beforeAll(() => {
  story = buildStoryRepo();
  git = createSystemGitPort({ cwd: story.repo.dir });
  work = makeTempDir('dir-deploy');
});
afterAll(() => {
  git.close();
  story.repo.remove();
  rmSync(work, { recursive: true, force: true });
});

/** A fresh deploy root for one test. */
function newRoot(): string {
  counter += 1;
  return join(work, `root-${counter}`);
}

function settings(root: string, extra: Partial<DirectoryDeploySettings> = {}): DirectoryDeploySettings {
  return { strategy: 'directory', path: root, keep: 5, timeoutSeconds: 20, ...extra };
}

async function deploy(options: Partial<DeployToDirectoryOptions> & Pick<DeployToDirectoryOptions, 'settings' | 'sha'>) {
  const lines: string[] = [];
  const result = await deployToDirectory({
    git,
    env: 'prod',
    actor: ANN,
    baseEnv,
    lockWaitMs: 10_000,
    output: (line) => lines.push(line),
    ...options,
  });
  return { result, lines };
}

const current = (root: string): string => readlinkSync(join(root, 'current'));
const releases = (root: string): string[] => readdirSync(join(root, 'releases')).sort();
const inode = (path: string): number => statSync(path).ino;

describe('deployToDirectory', () => {
  it("deploys the story's environments: test and prod each hold exactly their branch tree", async () => {
    const prodRoot = newRoot();
    const testRoot = newRoot();
    const seen = join(work, 'hook-seen.txt');
    const after = `printf '%s %s %s %s\\n' "$RELCTL_ENV" "$RELCTL_RELEASE" "$(pwd)" "$RELCTL_REQUESTS" >> ${seen}`;
    const prod = await deploy({ settings: settings(prodRoot, { after }), sha: story.v110, version: '1.1.0', requests: [{ id: 'A' }, { id: 'B' }] });
    const test = await deploy({ settings: settings(testRoot, { after }), env: 'test', sha: story.test, requests: [{ id: 'C' }, { id: 'D' }] });

    expect(prod.result).toMatchObject({ ok: true, exitCode: 0, release: '1.1.0', previous: null, current: '1.1.0', reused: false });
    expect(test.result).toMatchObject({ ok: true, release: story.test, current: story.test });
    expect(current(prodRoot)).toBe('releases/1.1.0');
    expect(current(testRoot)).toBe(`releases/${story.test}`);
    expect(treeListing(join(prodRoot, 'current'))).toEqual(lsTree(story.repo.dir, 'main'));
    expect(treeListing(join(testRoot, 'current'))).toEqual(lsTree(story.repo.dir, 'env/test'));
    expect(readFileSync(seen, 'utf8')).toBe(`prod 1.1.0 ${join(prodRoot, 'releases/1.1.0')} A,B\ntest ${story.test} ${join(testRoot, 'releases', story.test)} C,D\n`);
    expect(prod.lines.every((line) => line.startsWith('[deploy prod] '))).toBe(true);
    expect(existsSync(join(prodRoot, DEPLOY_LOCK_FILE))).toBe(false);
  });

  it('is idempotent: deploying the same SHA twice reuses the release and changes nothing', async () => {
    const root = newRoot();
    const first = await deploy({ settings: settings(root), sha: story.v110, version: '1.1.0' });
    const file = join(root, 'releases/1.1.0/src/app.js');
    const before = { ino: inode(file), releases: releases(root), listing: treeListing(join(root, 'current')) };
    const second = await deploy({ settings: settings(root), sha: story.v110, version: '1.1.0' });
    expect(first.result.reused).toBe(false);
    expect(second.result).toMatchObject({ ok: true, reused: true, previous: '1.1.0', current: '1.1.0', pruned: [] });
    expect(inode(file)).toBe(before.ino);
    expect(releases(root)).toEqual(before.releases);
    expect(treeListing(join(root, 'current'))).toEqual(before.listing);
    expect(treeListing(join(root, 'current'))).toEqual(lsTree(story.repo.dir, story.v110));
  });

  it('a failing after hook fails the deployment and leaves current on the previous release', async () => {
    const root = newRoot();
    const during = join(work, `during-${counter}.txt`);
    const after = `readlink "$RELCTL_DEPLOY_PATH/current" > ${during}; test "$RELCTL_VERSION" != 1.1.0 || { echo restart failed >&2; exit 4; }`;
    await deploy({ settings: settings(root, { after }), sha: story.v100, version: '1.0.0' });
    const { result, lines } = await deploy({ settings: settings(root, { after }), sha: story.v110, version: '1.1.0' });

    expect(result).toMatchObject({ ok: false, exitCode: 4, failedStep: 'after', previous: '1.0.0', current: '1.0.0' });
    expect(readFileSync(during, 'utf8').trim()).toBe('releases/1.1.0'); // the hook ran after the switch
    expect(current(root)).toBe('releases/1.0.0');
    expect(treeListing(join(root, 'current'))).toEqual(lsTree(story.repo.dir, story.v100));
    expect(releases(root)).toEqual(['1.0.0']); // the failed release folder is removed
    expect(lines).toContain('[deploy prod] restart failed');
    expect(lines.at(-1)).toContain('switched current back to 1.0.0');
  });

  it('a failing after hook on the first deploy leaves no current at all', async () => {
    const root = newRoot();
    const { result } = await deploy({ settings: settings(root, { after: ['false'] }), sha: story.v100, version: '1.0.0' });
    expect(result).toMatchObject({ ok: false, failedStep: 'after', current: null });
    expect(existsSync(join(root, 'current'))).toBe(false);
    expect(releases(root)).toEqual([]);
  });

  it('a failing before hook never switches current and skips the after hook', async () => {
    const root = newRoot();
    const afterRan = join(work, `after-ran-${counter}`);
    await deploy({ settings: settings(root), sha: story.v100, version: '1.0.0' });
    const { result } = await deploy({
      settings: settings(root, { before: 'test -f VERSION && grep -q 1.0.0 VERSION', after: ['touch', afterRan] }),
      sha: story.v110,
      version: '1.1.0',
    });
    expect(result).toMatchObject({ ok: false, exitCode: 1, failedStep: 'before', current: '1.0.0' });
    expect(current(root)).toBe('releases/1.0.0');
    expect(existsSync(afterRan)).toBe(false);
    expect(releases(root)).toEqual(['1.0.0']);
  });

  it('rollback restores the previous release in one rename, without exporting again', async () => {
    const root = newRoot();
    const events: AuditEvent[] = [];
    let at = 1_000;
    for (const [sha, version] of [
      [story.v100, '1.0.0'],
      [story.v110, '1.1.0'],
    ] as const) {
      const { result } = await deploy({ settings: settings(root), sha, version });
      events.push({ ...deploymentEvent({ type: 'deployed', env: 'prod', sha, version, result }), at: (at += 1000), actor: ANN });
    }
    const oldFile = join(root, 'releases/1.0.0/src/app.js');
    const oldInode = inode(oldFile);
    const target = rollbackTarget({ events, env: 'prod' });
    expect(target).toMatchObject({ sha: story.v100, version: '1.0.0' });

    const { result, lines } = await deploy({ settings: settings(root), sha: target.sha, version: target.version });
    expect(result).toMatchObject({ ok: true, reused: true, previous: '1.1.0', current: '1.0.0' });
    expect(current(root)).toBe('releases/1.0.0');
    expect(inode(oldFile)).toBe(oldInode);
    expect(lines.some((line) => line.includes('exported'))).toBe(false);
    expect(treeListing(join(root, 'current'))).toEqual(lsTree(story.repo.dir, story.v100));
    expect(releases(root)).toEqual(['1.0.0', '1.1.0']);
  });

  it('keeps the last N releases, never removing current or the previous one', async () => {
    const root = newRoot();
    const shas = [story.v100, story.v110, story.test];
    for (const [index, sha] of shas.entries()) {
      const { result } = await deploy({ settings: settings(root, { keep: 1 }), sha, version: `2.0.${index}` });
      expect(result.ok).toBe(true);
    }
    expect(releases(root)).toEqual(['2.0.1', '2.0.2']);
    // Roll back to 2.0.1: both stay (current and previous), nothing else is left to prune.
    const back = await deploy({ settings: settings(root, { keep: 1 }), sha: story.v110, version: '2.0.1' });
    expect(back.result).toMatchObject({ ok: true, reused: true, current: '2.0.1', pruned: [] });
    expect(releases(root)).toEqual(['2.0.1', '2.0.2']);
    const next = await deploy({ settings: settings(root, { keep: 2 }), sha: story.v100, version: '2.0.3' });
    expect(next.result.pruned).toEqual(['2.0.2']);
    expect(releases(root)).toEqual(['2.0.1', '2.0.3']);
  });

  it('two concurrent deploys to one path: the second waits for the lock, current is never broken', async () => {
    const root = newRoot();
    const log = join(work, `overlap-${counter}.log`);
    const before = `echo "start $RELCTL_RELEASE" >> ${log}; sleep 0.3; echo "end $RELCTL_RELEASE" >> ${log}`;
    const observed = new Set<string>();
    let broken = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        try {
          const target = readlinkSync(join(root, 'current'));
          observed.add(target);
          if (!existsSync(join(root, target, 'VERSION'))) broken += 1;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') broken += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const [one, two] = await Promise.all([
      deploy({ settings: settings(root, { before }), sha: story.v100, version: '1.0.0', actor: ANN }),
      deploy({ settings: settings(root, { before }), sha: story.v110, version: '1.1.0', actor: BO }),
    ]);
    polling = false;
    await poll;

    expect(one.result.ok && two.result.ok).toBe(true);
    const steps = readFileSync(log, 'utf8').trim().split('\n');
    expect(steps).toHaveLength(4);
    expect(steps[0]?.replace('start', 'end')).toBe(steps[1]); // never interleaved
    expect(steps[2]?.replace('start', 'end')).toBe(steps[3]);
    expect(broken).toBe(0);
    const last = current(root);
    expect(last).toBe(one.result.durationMs > two.result.durationMs ? 'releases/1.0.0' : 'releases/1.1.0');
    expect(treeListing(join(root, 'current'))).toEqual(lsTree(story.repo.dir, last.endsWith('1.0.0') ? story.v100 : story.v110));
    expect([...observed].every((target) => /^releases\/1\.[01]\.0$/.test(target))).toBe(true);
  });

  it('refuses a concurrent deploy naming the lock holder when it may not wait', async () => {
    const root = newRoot();
    await deploy({ settings: settings(root), sha: story.v100, version: '1.0.0' });
    const slow = deploy({ settings: settings(root, { before: 'sleep 0.5' }), sha: story.v110, version: '1.1.0', actor: ANN });
    while (!existsSync(join(root, DEPLOY_LOCK_FILE))) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await deploy({ settings: settings(root), sha: story.test, version: '1.2.0', actor: BO, lockWaitMs: 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StateError);
    expect((refused as StateError).message).toContain(`is being deployed by ${ANN}`);
    expect((refused as StateError).data).toMatchObject({ holder: { actor: ANN, env: 'prod', sha: story.v110 } });
    expect((await slow).result.ok).toBe(true);
    expect(current(root)).toBe('releases/1.1.0');
    expect(releases(root)).toEqual(['1.0.0', '1.1.0']);
  });

  it('refuses a release folder that holds another SHA, and a current it did not make', async () => {
    const root = newRoot();
    await deploy({ settings: settings(root), sha: story.v100, version: '1.0.0' });
    const clash = await deploy({ settings: settings(root), sha: story.v110, version: '1.0.0' }).catch((error: unknown) => error);
    expect(clash).toBeInstanceOf(StateError);
    expect(current(root)).toBe('releases/1.0.0');

    const other = newRoot();
    mkdirSync(join(other, 'current'), { recursive: true });
    writeFileSync(join(other, 'current/index.html'), 'hand-made');
    const refused = await deploy({ settings: settings(other), sha: story.v100, version: '1.0.0' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StateError);
    expect(readFileSync(join(other, 'current/index.html'), 'utf8')).toBe('hand-made');
  });
});
