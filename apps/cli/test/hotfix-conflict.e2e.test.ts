import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  reason?: string;
  data?: Record<string, unknown>;
}

const ROUNDED = 'export function orderTotal(order) {\n  return Math.round(order.items.reduce((sum, item) => sum + item.price, 0));\n}\n';
const GUARDED = 'export function orderTotal(order) {\n  return (order.items ?? []).reduce((sum, item) => sum + item.price, 0);\n}\n';
const BOTH = 'export function orderTotal(order) {\n  return Math.round((order.items ?? []).reduce((sum, item) => sum + item.price, 0));\n}\n';

// B (rounded totals) and D (welcome e-mail) are on test. Production is down: hotfix H changes the
// same line of src/orders.js as B. The release must not wait for B: H ships, D follows production
// onto the rebuilt test, and B — whose sync conflicts and whose old head conflicts with the new
// test — is left out of test, said so and logged, until its developer resolves it.
describe('a release whose sync of a test request conflicts', { timeout: 120_000 }, () => {
  let repo: StoryRepo;
  const events = () => JSON.parse(repo.ok(['log', '--json', '--limit', '0']).stdout) as EventJson[];

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'B', '--title', 'Rounded totals']);
    repo.commitOn('req/B', 'Round totals', { 'src/orders.js': ROUNDED });
    repo.ok(['request', 'new', 'D', '--title', 'Send a welcome e-mail']);
    repo.commitOn('req/D', 'Welcome e-mail', { 'src/welcome.js': "export const welcome = { subject: 'Welcome!' };\n" });
    repo.ok(['promote', 'B', 'D', '--to', 'test']);
    repo.ok(['request', 'new', 'H', '--hotfix', '--title', 'Checkout returns 500']);
    repo.commitOn('req/H', 'Guard the empty cart', { 'src/orders.js': GUARDED });
    repo.ok(['approve', 'H', '--for', 'prod', '--by', 'Kim']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  it('ships H; test is rebuilt on it with D, without B; the warning says how B comes back', () => {
    const headB = repo.sha('req/B');
    const result = repo.relctl(['promote', 'H', '--to', 'prod', '--override', 'tested-in', '--reason', 'checkout is down']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /merge req\/B \(its head after sync; [0-9a-f]{7} when planned\) into env\/test — conflict in src\/orders\.js; B left out of test \(its sync conflicted too\)/,
    );
    expect(result.stdout).toContain(
      'warning: B was not synced: conflict in src/orders.js; it is left out of test until you run "relctl sync B --worktree" to resolve it, then "relctl promote B --to test".',
    );
    expect(repo.show('main', 'src/orders.js')?.trimEnd()).toBe(GUARDED.trimEnd());
    expect(repo.sha('req/B')).toBe(headB);
    expect(repo.isAncestor('main', 'env/test')).toBe(true);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['D']);
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });

  it('the log says what test holds: D promoted in the rebuild, B demoted with the conflicting path; doctor agrees', () => {
    const forTest = events().filter((event) => event.env === 'test');
    expect(forTest[0]).toMatchObject({ type: 'demoted', requestIds: ['B'], data: { leftOut: true, conflicts: ['src/orders.js'] } });
    expect(forTest[0]?.reason).toContain('its sync with production conflicted (src/orders.js)');
    expect(forTest[1]).toMatchObject({ type: 'promoted', requestIds: ['D'], data: { rebuild: true } });
    const doctor = repo.relctl(['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toContain('ok   env/test holds what the log says');
  });

  it('B comes back the way the warning says: sync --worktree, resolve, continue, promote to test', () => {
    const sync = repo.relctl(['sync', 'B', '--worktree']);
    expect(sync.code, sync.stdout + sync.stderr).toBe(4);
    writeFileSync(join(repo.dir, 'src/orders.js'), BOTH);
    repo.git(['add', 'src/orders.js']);
    repo.ok(['continue']);
    repo.git(['switch', '-q', 'main']);
    repo.ok(['promote', 'B', '--to', 'test']);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['B', 'D']);
    expect(repo.show('env/test', 'src/orders.js')?.trimEnd()).toBe(BOTH.trimEnd());
  });
});
