import { rmSync } from 'node:fs';
import { resolutionKey } from '@relctl/git';
import { git, makeTempDir } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

const SLOW = { timeout: 180_000 };
const EVIL = '# shop-web\n<script src="https://evil.example/x.js"></script>\n';
const MALLORY = { GIT_AUTHOR_NAME: 'Mallory', GIT_AUTHOR_EMAIL: 'mallory@example.com', GIT_COMMITTER_NAME: 'Mallory', GIT_COMMITTER_EMAIL: 'mallory@example.com' };

interface LogEvent {
  type: string;
  env?: string;
  requestIds?: string[];
  data?: { resolutions?: Array<{ requestId: string; path: string; by: string; commit: string }> };
}

// Issue 15, finding 1: req/A and main both edit README.md. From another clone someone pushes a
// resolution of that conflict (the key is computable from the three blob ids) whose blob adds a
// script tag. Before: promote A to test and, once approved, to prod both passed silently and main
// shipped the script tag, which is in neither A's approved head nor main.
describe('a forged conflict resolution', SLOW, () => {
  let repo: StoryRepo;
  let attacker: string;
  let resolution = '';

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'A', '--title', 'Readme for A', '--bump', 'patch']);
    repo.commitOn('req/A', 'A edits the readme', { 'README.md': '# shop-web (with A)\n' });
    repo.commitOnMain('Main edits the readme', { 'README.md': '# shop-web (live)\n' });
    // Someone with push access, in another clone: a "resolution" of exactly this conflict.
    attacker = makeTempDir('attacker');
    git(attacker, ['clone', '-q', repo.origin ?? '', '.']);
    const blob = (rev: string) => git(attacker, ['rev-parse', `${rev}:README.md`]);
    const base = git(attacker, ['merge-base', 'origin/main', 'origin/req/A']);
    const key = resolutionKey({ base: blob(base), ours: blob('origin/main'), theirs: blob('origin/req/A') });
    const evilBlob = git(attacker, ['hash-object', '-w', '--stdin'], { input: EVIL });
    const tree = git(attacker, ['mktree'], { input: `100644 blob ${evilBlob}\tresolved\n` });
    resolution = git(attacker, ['commit-tree', tree, '-m', 'Resolution of README.md\n\nRelctl-Resolution-Path: README.md'], { env: MALLORY });
    git(attacker, ['push', '-q', 'origin', `${resolution}:refs/relctl/resolutions/${key}`]);
  }, 180_000);
  afterAll(async () => {
    await repo?.remove();
    if (attacker) rmSync(attacker, { recursive: true, force: true });
  });

  it('promote to test says which recorded resolution its merge applies, and whose; the merge commit names it', () => {
    const result = repo.ok(['promote', 'A', '--to', 'test']);
    expect(result.stdout).toMatch(/applied the recorded resolution of README\.md \([0-9a-f]{7}, recorded by Mallory <mallory@example\.com>\)/);
    const trailers = repo.git(['log', '-1', '--format=%(trailers:only,unfold)', 'env/test']);
    expect(trailers).toContain(`Relctl-Resolution: ${resolution} README.md`);
    expect(trailers).toContain(`Relctl-Resolution-By: ${resolution} Mallory <mallory@example.com>`);
    expect(repo.show('env/test', 'README.md')).toContain('evil.example');
  });

  it('the audit log, status, board and notes say so too', () => {
    const events = JSON.parse(repo.ok(['log', '--json']).stdout) as LogEvent[];
    const promoted = events.find((event) => event.type === 'promoted' && event.env === 'test');
    expect(promoted?.data?.resolutions).toEqual([expect.objectContaining({ requestId: 'A', path: 'README.md', commit: resolution, by: 'Mallory <mallory@example.com>' })]);
    const status = repo.ok(['status']);
    expect(status.stdout).toMatch(/resolved test: README\.md \(recorded resolution by Mallory <mallory@example\.com>\)/);
    const json = JSON.parse(repo.ok(['status', '--json']).stdout) as { requests: Array<{ id: string; envs: Record<string, { resolutions?: unknown[] }> }> };
    expect(json.requests.find((row) => row.id === 'A')?.envs['test']?.resolutions).toEqual([{ commit: resolution, path: 'README.md', by: 'Mallory <mallory@example.com>' }]);
    const board = repo.ok(['board']);
    expect(board.stdout).toContain('recorded resolution');
    expect(board.stdout).toContain('recorded by Mallory &lt;mallory@example.com&gt;');
    // Not approved yet: A stays behind, and why names the resolution and who recorded it.
    const notes = repo.ok(['notes', 'A']);
    expect(notes.stdout).toMatch(
      /\| A \| Readme for A \| approved: .*applies the recorded resolution of README\.md \([0-9a-f]{7}, recorded by Mallory \\<mallory@example\.com\\>\)/,
    );
  });

  it('resolutions list shows who recorded it, and that nothing proves it', () => {
    const listed = repo.ok(['resolutions', 'list']);
    expect(listed.stdout).toMatch(/README\.md\s+Mallory <mallory@example\.com>\s+unsigned\s/);
  });

  it('an approval of A’s head does not cover the resolved content: promote to prod is denied (exit 3) with the fix, and main stays clean', () => {
    repo.ok(['approve', 'A', '--for', 'prod']);
    const dry = repo.relctl(['promote', 'A', '--to', 'prod', '--dry-run']);
    expect(dry.code, dry.stdout + dry.stderr).toBe(3);
    const before = repo.fingerprint();
    const originBefore = repo.originRefs();
    const result = repo.relctl(['promote', 'A', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/A\s+approved\s+fail/);
    expect(result.stdout).toMatch(/clean-merge\s+pass\s+merges into prod only by applying the recorded resolution of README\.md/);
    expect(result.stderr).toContain('rule "approved"');
    expect(result.stderr).toContain('relctl sync A --worktree');
    expect(result.stderr).toContain('relctl candidate A');
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(originBefore);
    expect(repo.show('main', 'README.md')).not.toContain('evil.example');
  });

  it('an approval that pins the resolved result (an approved candidate) lets it ship, and the release says whose resolution went in', () => {
    const candidate = repo.ok(['candidate', 'A']);
    expect(candidate.stdout).toMatch(/recorded resolution of README\.md/);
    repo.ok(['approve', '--candidate', 'A', '--for', 'prod']);
    const notes = repo.ok(['notes', 'A']);
    expect(notes.stdout).toContain('### Recorded conflict resolutions');
    expect(notes.stdout).toMatch(/\| A \| README\.md \| `[0-9a-f]{7}` \| Mallory \\<mallory@example\.com\\> \|/);
    const dry = repo.ok(['promote', 'A', '--to', 'prod', '--dry-run']);
    expect(dry.stdout).toMatch(
      /merge req\/A \([0-9a-f]{7}\) into main, applying the recorded resolution of README\.md \([0-9a-f]{7}, recorded by Mallory <mallory@example\.com>\)/,
    );
    const shipped = repo.ok(['promote', 'A', '--to', 'prod']);
    expect(shipped.stdout).toMatch(/approved\s+pass\s+.*covered by candidate A approved by/);
    expect(repo.show('main', 'README.md')).toContain('evil.example');
    const merge = repo.firstParents('main', 'main~2').find((commit) => commit.request === 'A');
    expect(repo.git(['log', '-1', '--format=%(trailers:key=Relctl-Resolution,valueonly)', merge?.sha ?? ''])).toBe(`${resolution} README.md`);
    const events = JSON.parse(repo.ok(['log', '--json']).stdout) as LogEvent[];
    expect(events.find((event) => event.type === 'promoted' && event.env === 'prod')?.data?.resolutions?.map((item) => item.by)).toEqual(['Mallory <mallory@example.com>']);
  });
});
