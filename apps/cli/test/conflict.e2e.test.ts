import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitResult } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, runState, type StoryRepo } from './story-repo.js';

// B and D both change the same line of src/products.js: putting both on test conflicts.
describe('a conflict between two requests on rebuild', () => {
  let repo: StoryRepo;
  let refsBefore: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    // Request branches made by hand (a branch under the prefix with its changeset) are requests too.
    repo.git(['branch', 'req/B', 'main']);
    repo.git(['branch', 'req/D', 'main']);
    repo.commitOn('req/B', 'Grid layout', {
      '.changeset/B.md': '---\n"shop-web": minor\n---\n\nGrid layout\n',
      'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n",
    });
    repo.commitOn('req/D', 'List layout', {
      '.changeset/D.md': '---\n"shop-web": minor\n---\n\nList layout\n',
      'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'list' }];\n",
    });
    refsBefore = repo.refs();
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('stops with exit 4, naming the request and the file; no ref moves', () => {
    const result = repo.relctl(['promote', 'B', 'D', '--to', 'test']);
    expect(result.code, result.stdout + result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^relctl: .*\bD\b.*src\/products\.js/m);
    expect(repo.refs()).toBe(refsBefore);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('doctor names the unfinished run', () => {
    const result = repo.relctl(['doctor']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/FAIL run state: "relctl promote B D --to test" stopped at step \d+ of \d+/);
    expect(result.stdout).toContain('src/products.js');
    expect(result.stdout).toContain('relctl continue');
  });

  it('refuses another writing command while the run is unfinished, changing nothing', () => {
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'B', '--to', 'test']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('promote B D --to test');
    expect(repo.fingerprint()).toBe(before);
  });

  it('undo clears the stopped run (exit 0); refs are still unchanged', () => {
    const result = repo.relctl(['undo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('promote B D --to test');
    expect(repo.refs()).toBe(refsBefore);
    expect(runState(repo.dir)).toMatch(/^run\.json: \(none\)/);
  });

  it('continue after the developer solved the conflict by hand on req/D: test holds both', () => {
    expect(repo.relctl(['promote', 'B', 'D', '--to', 'test']).code).toBe(4);
    // The developer of D merges B into D and resolves the conflict with plain git.
    repo.git(['switch', '-q', 'req/D']);
    expect(gitResult(repo.dir, ['merge', '-q', 'req/B'], { allowFailure: true }).status).not.toBe(0);
    writeFileSync(join(repo.dir, 'src/products.js'), "export const products = [{ id: 1, name: 'Tea', layout: 'grid', list: true }];\n");
    repo.git(['add', 'src/products.js']);
    repo.git(['commit', '-q', '--no-edit']);
    repo.git(['switch', '-q', 'main']);
    const fixed = repo.sha('req/D');

    const result = repo.relctl(['continue']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Finished "relctl promote B D --to test".');
    const merges = repo.firstParents('env/test', 'main').reverse();
    expect(merges.map((merge) => merge.request)).toEqual(['B', 'D']);
    expect(merges[0]?.parents).toEqual([repo.sha('main'), repo.sha('req/B')]);
    expect(merges[1]?.parents).toEqual([merges[0]?.sha, fixed]);
    expect(repo.show('env/test', 'src/products.js')).toContain("layout: 'grid', list: true");

    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as { requests: { id: string; envs: Record<string, { state: string }> }[] };
    expect(status.requests.map((row) => [row.id, row.envs['test']?.state])).toEqual([
      ['B', 'in'],
      ['D', 'in'],
    ]);
  });
});
