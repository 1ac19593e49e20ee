import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

// The first day with a shared origin: init, commit and push the config to main as init says,
// start a request, put it on test. env/test was created by init locally and is not on origin yet.
describe('the first promotion to test after relctl init, with origin', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('pushes env/test to origin (it is new there) and finishes (exit 0)', () => {
    expect(repo.originGit(['for-each-ref', 'refs/heads/env'])).toBe('');
    const result = repo.relctl(['promote', 'A', '--to', 'test']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(repo.originGit(['rev-parse', 'refs/heads/env/test'])).toBe(repo.sha('env/test'));
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });
});
