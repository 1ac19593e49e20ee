import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitResult, makeTempDir } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relctl } from './cli-harness.js';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

const SLOW = { timeout: 120_000 };
const RESOLVED = "export const products = [{ id: 1, name: 'Tea', layout: 'grid', list: true }];\n";

interface MatrixJson {
  conflicts: Array<{ a: string; b: string; paths: string[] }>;
}

// B and D change the same line. A person resolves the conflict once in a scratch merge and
// runs "relctl resolutions learn"; the resolution is pushed, and a second clone's rebuild of test
// holding both merges without anyone, as does every later rebuild here.
describe('shared conflict resolutions', SLOW, () => {
  let repo: StoryRepo;
  let second: string;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    for (const [id, layout] of [
      ['B', 'grid'],
      ['D', 'list'],
    ] as const) {
      repo.git(['branch', `req/${id}`, 'main']);
      repo.commitOn(`req/${id}`, `Layout ${layout}`, {
        [`.changeset/${id}.md`]: `---\n"shop-web": minor\n---\n\nLayout ${layout}\n`,
        'src/products.js': `export const products = [{ id: 1, name: 'Tea', layout: '${layout}' }];\n`,
      });
    }
    second = makeTempDir('second-clone');
  }, 120_000);
  afterAll(async () => {
    await repo?.remove();
    if (second) rmSync(second, { recursive: true, force: true });
  });

  it('without a resolution the rebuild stops on the conflict', () => {
    expect(repo.relctl(['promote', 'B', 'D', '--to', 'test']).code).toBe(4);
    repo.ok(['undo']);
  });

  it('learns the resolution of a merge finished by hand and pushes it', () => {
    repo.git(['switch', '-q', '-c', 'scratch', 'req/B']);
    expect(gitResult(repo.dir, ['merge', '-q', 'req/D'], { allowFailure: true }).status).not.toBe(0);
    writeFileSync(join(repo.dir, 'src/products.js'), RESOLVED);
    repo.git(['commit', '-q', '-am', 'Resolve B with D']);
    repo.git(['switch', '-q', 'main']);
    const learned = repo.ok(['resolutions', 'learn', 'scratch']);
    expect(learned.stdout).toContain('Recorded the resolution of src/products.js');
    const listed = JSON.parse(repo.ok(['resolutions', 'list', '--json']).stdout) as Array<{ key: string; path: string }>;
    expect(listed.map((item) => item.path)).toEqual(['src/products.js']);
    expect(repo.originGit(['for-each-ref', '--format=%(refname)', 'refs/relctl/resolutions/'])).toBe(`refs/relctl/resolutions/${listed[0]?.key}`);
  });

  it('a second clone rebuilds test with B and D after fetching, no person needed', () => {
    git(second, ['clone', '-q', repo.origin ?? '', '.']);
    const result = relctl(second, ['promote', 'B', 'D', '--to', 'test']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(git(second, ['show', 'env/test:src/products.js']) + '\n').toBe(RESOLVED);
    // The requests stay as they were: the resolution lives in the rebuild's merge commit only.
    expect(git(second, ['rev-parse', 'env/test^2'])).toBe(repo.sha('req/D'));
  });

  it('the conflict matrix counts the pair as merging, until the resolution is forgotten', () => {
    const matrix = () => JSON.parse(repo.ok(['conflicts', '--all', '--json']).stdout) as MatrixJson;
    expect(matrix().conflicts).toEqual([]);
    expect(repo.ok(['resolutions', 'forget', 'src/products.js']).stdout).toContain('Forgot the resolution of src/products.js');
    expect(repo.originGit(['for-each-ref', 'refs/relctl/resolutions/'])).toBe('');
    expect(matrix().conflicts).toEqual([{ a: 'B', b: 'D', clean: false, paths: ['src/products.js'] }]);
  });
});
