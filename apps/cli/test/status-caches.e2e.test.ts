import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

interface StatusJson {
  now: number;
  requests: Array<{ id: string; title: string; head: string; envs: Record<string, { state: string }> }>;
  environments: Array<{ name: string; tip: string | null; requestCount: number }>;
}

/** `relctl status --json` without the fields that move with the clock. */
function status(repo: StoryRepo): StatusJson {
  return JSON.parse(repo.ok(['status', '--json']).stdout, (key, value: unknown) => (key === 'now' || key === 'waitedMs' ? undefined : value)) as StatusJson;
}

// status keeps the changesets it read in <gitdir>/relctl/changeset-cache.json, keyed by commit,
// and reads an integration branch's history only as far as its first non-member commit.
describe('status with its caches', () => {
  let repo: StoryRepo;
  let cacheFile: string;

  beforeAll(async () => {
    repo = await createStoryRepo({ backend: 'system' });
    repo.ok(['request', 'new', 'A', '--title', 'Coupon codes', '--bump', 'minor']);
    repo.ok(['request', 'new', 'B', '--title', 'Grid layout', '--bump', 'patch']);
    cacheFile = join(repo.git(['rev-parse', '--path-format=absolute', '--git-common-dir']), 'relctl', 'changeset-cache.json');
  }, 120_000);
  afterAll(async () => repo?.remove());

  function cachedKeys(): string[] {
    return Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> }).entries).sort();
  }

  it('gives the same answer from the cache as without it, and keeps only the current heads', () => {
    const first = status(repo);
    expect(first.requests.map((request) => [request.id, request.title])).toEqual([
      ['A', 'Coupon codes'],
      ['B', 'Grid layout'],
    ]);
    expect(cachedKeys()).toEqual([`${repo.sha('req/A')}:.changeset/A.md`, `${repo.sha('req/B')}:.changeset/B.md`].sort());
    expect(status(repo)).toEqual(first);

    // A branch made without relctl has no request-created event: its title is its changeset's
    // summary, read at each new head.
    repo.git(['branch', 'req/C', 'main']);
    repo.commitOn('req/C', 'Start C', { '.changeset/C.md': '---\nbump: patch\n---\n\nFaster search\n' });
    expect(status(repo).requests.find((request) => request.id === 'C')?.title).toBe('Faster search');
    repo.commitOn('req/C', 'Retitle C', { '.changeset/C.md': '---\nbump: patch\n---\n\nFaster product search\n' });
    expect(status(repo).requests.find((request) => request.id === 'C')?.title).toBe('Faster product search');
    repo.git(['branch', '-D', 'req/B', 'req/C']);
    expect(status(repo).requests.map((request) => request.id)).toEqual(['A']);
    expect(cachedKeys()).toEqual([`${repo.sha('req/A')}:.changeset/A.md`]);
  });

  it('ignores a damaged cache file or one of another version, and rewrites it', () => {
    const expected = status(repo);
    for (const text of ['{ not json', JSON.stringify({ version: 99, entries: { [`${repo.sha('req/A')}:.changeset/A.md`]: 'wrong' } })]) {
      writeFileSync(cacheFile, text);
      expect(status(repo)).toEqual(expected);
      expect(cachedKeys()).toEqual([`${repo.sha('req/A')}:.changeset/A.md`]);
    }
  });

  it('finds every member of an integration branch longer than the first history read (70 merges)', () => {
    // env/test rebuilt by hand the way relctl writes it: main plus one merge per request.
    const main = repo.sha('main');
    let tip = main;
    for (let i = 1; i <= 70; i += 1) {
      const id = `R${i}`;
      const tree = repo.git(['rev-parse', `${main}^{tree}`]);
      const head = repo.git(['commit-tree', tree, '-p', main, '-m', `Work on ${id}`]);
      repo.git(['branch', '-f', `req/${id}`, head]);
      tip = repo.git(['commit-tree', tree, '-p', tip, '-p', head, '-m', `Merge ${id} into test\n\nRelctl-Request: ${id}\nRelctl-Env: test`]);
    }
    repo.git(['update-ref', 'refs/heads/env/test', tip]);
    const result = status(repo);
    expect(result.environments.find((env) => env.name === 'test')?.requestCount).toBe(70);
    const onTest = result.requests.filter((request) => request.envs['test']?.state === 'in').map((request) => request.id);
    expect(onTest.sort()).toEqual(Array.from({ length: 70 }, (_, i) => `R${i + 1}`).sort());
    expect(existsSync(cacheFile)).toBe(true);
  });
});
