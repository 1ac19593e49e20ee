import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

// B changes the product page, D the mail sender; production then moves on by itself.
describe('relctl sync', () => {
  let repo: StoryRepo;
  let headB: string;
  let headD: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'B', '--title', 'Grid layout', '--bump', 'minor']);
    repo.ok(['request', 'new', 'D', '--title', 'New sender', '--bump', 'patch']);
    headB = repo.commitOn('req/B', 'Grid layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    headD = repo.commitOn('req/D', 'New sender', { 'src/mail.js': "export const sender = 'hello@example.com';\n" });
  }, 120_000);
  afterAll(async () => repo?.remove());

  it("without a conflict: B gets main's new commit by a merge, keeping its own work (exit 0)", () => {
    const main = repo.commitOnMain('Document the shop', { 'README.md': '# shop-web\n\nThe live web shop.\n' });
    const result = repo.relctl(['sync', 'B']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(repo.isAncestor(main, 'req/B')).toBe(true);
    expect(repo.git(['rev-list', '--parents', '-n', '1', 'req/B']).split(' ').slice(1)).toEqual([headB, main]);
    expect(repo.show('req/B', 'README.md')).toContain('The live web shop.');
    expect(repo.show('req/B', 'src/products.js')).toContain('grid');
    // Only B was asked for.
    expect(repo.sha('req/D')).toBe(headD);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('with a conflict: the request edited the same line as something that shipped; its branch stays, exit 4, the file is named', () => {
    // A hotfix of the same line D changes reaches production.
    const main = repo.commitOnMain('Hotfix: sender address', { 'src/mail.js': "export const sender = 'shop@example.org';\n" });
    const syncedB = repo.sha('req/B');
    const result = repo.relctl(['sync']);
    expect(result.code, result.stdout + result.stderr).toBe(4);
    expect(`${result.stdout}${result.stderr}`).toMatch(/\bD\b.*src\/mail\.js/);
    expect(repo.sha('req/D')).toBe(headD);
    // B had no conflict and still got the hotfix in the same run.
    expect(repo.isAncestor(main, 'req/B')).toBe(true);
    expect(repo.git(['rev-list', '--parents', '-n', '1', 'req/B']).split(' ').slice(1)).toEqual([syncedB, main]);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('records the syncs of B, and D as conflicted, in the log', () => {
    const events = JSON.parse(repo.ok(['log', '--json', '--limit', '2']).stdout) as { type: string; requestIds?: string[]; data?: { conflicted?: string[] } }[];
    expect(events.map((event) => [event.type, event.requestIds, event.data?.conflicted])).toEqual([
      ['synced', ['B'], ['D']],
      ['synced', ['B'], undefined],
    ]);
  });

  /** The audit log's events, newest first. */
  const events = () => JSON.parse(repo.ok(['log', '--json', '--limit', '0']).stdout) as { type: string; requestIds?: string[]; data?: { conflicted?: string[] } }[];

  it('a sync that only conflicts logs nothing: exit 4, the branch and the log as they were', () => {
    const before = events();
    const result = repo.relctl(['sync', 'D']);
    expect(result.code, result.stdout + result.stderr).toBe(4);
    expect(repo.sha('req/D')).toBe(headD);
    expect(events()).toEqual(before);
  });

  it('a sync with nothing to do logs nothing, says so, and leaves "relctl undo" to the last real run', () => {
    const before = events();
    const lastRun = repo.fingerprint();
    const result = repo.ok(['sync', 'B']);
    expect(result.stdout).toBe('Nothing to sync: B already has the production tip.\n');
    expect(events()).toEqual(before);
    expect(repo.fingerprint()).toBe(lastRun);
    const dry = JSON.parse(repo.ok(['sync', 'B', '--dry-run', '--json']).stdout) as { plan: { steps: unknown[] }; upToDate: string[] };
    expect(dry).toMatchObject({ plan: { steps: [] }, upToDate: ['B'] });
  });
});
