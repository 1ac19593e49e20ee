import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/** Refs without the audit log (which only grows) and remote-tracking refs. */
function withoutLog(refs: string): string {
  return refs
    .split('\n')
    .filter((line) => !line.startsWith('refs/relctl/log ') && !line.startsWith('refs/remotes/'))
    .join('\n');
}

// A and B on test, A approved and shipped as v1.1.0; undo refuses to take a published release back (revert does that).
describe('relctl undo after a completed promotion to prod (with origin)', () => {
  let repo: StoryRepo;
  let localBefore: string;
  let originBefore: string;
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

  it('refuses to undo the release origin already holds, pointing at revert: nothing changes here or on origin', () => {
    const before = repo.fingerprint();
    const originRefs = repo.originRefs();
    for (const args of [['undo', '--dry-run'], ['undo']]) {
      const result = repo.relctl(args);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        /^relctl: cannot undo "promote A --to prod": origin already holds its release on main, and published production history only moves forward; .*"relctl revert A --reason …"/m,
      );
      expect(repo.fingerprint()).toBe(before);
      expect(repo.originRefs()).toBe(originRefs);
    }
    expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
  });

  it('undoes a later run that did not release (B demoted from test), here and on origin; the log keeps an "undone" event on top', () => {
    const envBefore = repo.sha('env/test');
    const logBefore = repo.sha('refs/relctl/log');
    repo.ok(['demote', 'B', '--from', 'test']);
    const result = repo.relctl(['undo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Undid "relctl demote B --from test"');
    expect(repo.sha('env/test')).toBe(envBefore);
    expect(repo.isAncestor(logBefore, repo.sha('refs/relctl/log'))).toBe(true);
    const events = JSON.parse(repo.ok(['log', '--json']).stdout) as { type: string; data?: { command?: string } }[];
    expect(events[0]).toMatchObject({ type: 'undone', data: { command: 'demote B --from test' } });
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });
});
