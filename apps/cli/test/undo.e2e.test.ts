import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitResult } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/** Refs without the audit log (which only grows) and remote-tracking refs. */
function withoutLog(refs: string): string {
  return refs
    .split('\n')
    .filter((line) => !line.startsWith('refs/relctl/log ') && !line.startsWith('refs/remotes/'))
    .join('\n');
}

// A and B on test, A approved and shipped as v1.1.0; then undo takes the promotion back, here and on origin.
describe('relctl undo after a completed promotion to prod (with origin)', () => {
  let repo: StoryRepo;
  let localBefore: string;
  let originBefore: string;
  let logBefore: string;
  let mainBefore: string;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    repo.ok(['request', 'new', 'B', '--title', 'Grid layout', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.commitOn('req/B', 'Grid layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    repo.ok(['promote', 'A', 'B', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    localBefore = repo.refs();
    originBefore = repo.originRefs();
    logBefore = repo.sha('refs/relctl/log');
    mainBefore = repo.sha('main');
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('the first promotion to test after init pushed env/test, new on origin, and the rest', () => {
    // createStoryRepo pushed main only, as init's message says; env/test was created by init here.
    expect(repo.originGit(['rev-parse', 'refs/heads/env/test'])).toBe(repo.sha('env/test'));
    expect(repo.firstParents('env/test', 'main').map((merge) => merge.request)).toEqual(['B', 'A']);
    expect(originBefore).toBe(repo.sharedRefs());
  });

  it('refuses to move the checked-out main over uncommitted changes to a file the release changes, changing nothing', () => {
    // The release bumps package.json; git itself would refuse to fast-forward over this edit.
    const manifest = readFileSync(join(repo.dir, 'package.json'), 'utf8');
    const edited = manifest.replace('"private": true', '"private": true, "description": "local edit"');
    writeFileSync(join(repo.dir, 'package.json'), edited);
    const before = repo.fingerprint();
    const originRefs = repo.originRefs();
    const result = repo.relctl(['promote', 'A', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^relctl: .*main/m);
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(originRefs);
    expect(readFileSync(join(repo.dir, 'package.json'), 'utf8')).toBe(edited);
    repo.git(['restore', 'package.json']);
  });

  it('ships A: main, env/test, req/B and the tag move, here and on origin', () => {
    expect(repo.ok(['promote', 'A', '--to', 'prod']).stdout).toContain('Released v1.1.0 to prod.');
    expect(repo.sha('main')).not.toBe(mainBefore);
    expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
    expect(repo.originRefs()).toBe(repo.sharedRefs());
    expect(withoutLog(repo.refs())).not.toBe(withoutLog(localBefore));
  });

  it('undo puts main, env/test, req/* and tags back (the tag is deleted), exit 0', () => {
    const result = repo.relctl(['undo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Undid "relctl promote A --to prod"');
    expect(withoutLog(repo.refs())).toBe(withoutLog(localBefore));
    expect(gitResult(repo.dir, ['rev-parse', '--verify', '-q', 'refs/tags/v1.1.0'], { allowFailure: true }).status).not.toBe(0);
    // The checked-out main came back along, and the worktree is clean.
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(mainBefore);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('keeps the audit log append-only: an "undone" event on top of the old chain', () => {
    const logAfter = repo.sha('refs/relctl/log');
    expect(logAfter).not.toBe(logBefore);
    expect(repo.isAncestor(logBefore, logAfter)).toBe(true);
    const events = JSON.parse(repo.ok(['log', '--json']).stdout) as { type: string; data?: { command?: string } }[];
    expect(events[0]).toMatchObject({ type: 'undone', data: { command: 'promote A --to prod' } });
    expect(events.map((event) => event.type)).toContain('released');
    // What the undo restored reads as before: A on test, not shipped.
    expect(repo.show('main', 'src/export.js')).toBeNull();
  });

  it('undoes the promotion on origin too', () => {
    expect(withoutLog(repo.originRefs())).toBe(withoutLog(originBefore));
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });
});
