import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, SHOP_FILES, type StoryRepo } from './story-repo.js';

const SLOW = { timeout: 120_000 };

const withVersion = (version: string) => `${JSON.stringify({ ...(JSON.parse(SHOP_FILES['package.json'] ?? '{}') as object), version }, null, 2)}\n`;

// Issue 15, finding 5: req/A sets "version": "banana" in package.json. `notes A` said 1.0.0 -> 1.1.0
// but the promotion released v0.1.0, a silent downgrade. The version comes from the production
// branch and its tags: the request's change is ignored (with a warning) and overwritten.
describe('a request branch cannot set the release version', SLOW, () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export', '--bump', 'minor']);
    repo.commitOn('req/A', 'CSV export, and a version of its own', { 'src/orders.js': '// csv\n', 'package.json': withVersion('banana') });
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod']);
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('notes and the dry run say 1.0.0 -> 1.1.0 and warn that the request changes the version', () => {
    const notes = repo.ok(['notes', 'A']);
    expect(notes.stdout).toMatch(/1\.0\.0\s*(->|→)\s*1\.1\.0/);
    expect(notes.stderr).toMatch(/warning: A changes the version in package\.json \(1\.0\.0 -> "banana"\); relctl ignores it/);
    const dry = repo.ok(['promote', 'A', '--to', 'prod', '--dry-run']);
    expect(dry.stdout).toMatch(/A changes the version in package\.json .*ignores it/);
  });

  it('the promotion releases v1.1.0 and main says 1.1.0, not banana or 0.1.0', () => {
    const result = repo.ok(['promote', 'A', '--to', 'prod']);
    expect(result.stdout).toContain('Released v1.1.0 to prod.');
    expect(JSON.parse(repo.show('main', 'package.json') ?? '{}')).toMatchObject({ version: '1.1.0' });
    expect(repo.git(['tag', '--list'])).toBe('v1.1.0');
  });

  it('an invalid version on production is an error, not a reset to 0.0.0; nothing changes', () => {
    repo.commitOnMain('Break the version', { 'package.json': withVersion('not-a-version') });
    repo.ok(['request', 'new', 'B', '--title', 'Another', '--bump', 'patch']);
    repo.commitOn('req/B', 'B', { 'src/mail.js': '// b\n' });
    repo.ok(['promote', 'B', '--to', 'test']);
    repo.ok(['approve', 'B', '--for', 'prod']);
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'B', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/package\.json on the production branch \(commit [0-9a-f]{7}\) holds version "not-a-version", not a version/);
    expect(repo.fingerprint()).toBe(before);
    expect(repo.git(['tag', '--list'])).toBe('v1.1.0');
  });
});
