import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{
    id: string;
    head: string;
    envs: Record<string, { state: string; sha?: string }>;
    approvals: Record<string, { sha: string; by: string; fresh: boolean }[]>;
  }>;
}

// A is on test and approved for prod; then its developer commits once more.
describe('an approval made stale by a new commit on the request branch', () => {
  let repo: StoryRepo;
  let approvedHead: string;
  let newHead: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    approvedHead = repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    newHead = repo.commitOn('req/A', 'One more thing', { 'src/export.js': 'export const csv = "semicolons";\n' });
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('status --json shows the approval as not fresh and test holding the old head (stale)', () => {
    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
    const row = status.requests.find((candidate) => candidate.id === 'A');
    expect(row?.head).toBe(newHead);
    expect(row?.approvals['prod']).toEqual([expect.objectContaining({ sha: approvedHead, by: 'Kim', fresh: false })]);
    expect(row?.envs['test']).toMatchObject({ state: 'stale', sha: approvedHead });
  });

  it('promote to prod is denied (exit 3) naming approved and tested-in; nothing changes', () => {
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'A', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/A\s+tested-in\s+fail/);
    expect(result.stdout).toMatch(/A\s+approved\s+fail/);
    expect(result.stderr).toMatch(/^relctl: Nothing changed: A is denied by rule "(approved|tested-in)".*and 1 more/m);
    expect(repo.fingerprint()).toBe(before);
  });
});
