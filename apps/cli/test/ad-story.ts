import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, dryRunSteps, progressSteps, startFourRequests, type Backend, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{ id: string; shipped: boolean; envs: Record<string, { state: string; sha?: string }> }>;
  environments: Array<{ name: string; tip: string | null; version: string | null; requestCount: number }>;
}
interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  sha?: string;
  data?: Record<string, unknown>;
}

/**
 * The user's story on the built CLI, with a bare origin: A, B, C, D on test; A and C approved and
 * shipped; B and D stay on test and get A's and C's code. One file per git backend
 * (`ad-story.<backend>.e2e.test.ts`) so that vitest runs the two in parallel.
 */
export const defineAdStory = (backends: Backend[]): void =>
  describe.each<Backend>(backends)('the A-D story (%s backend, with origin)', (backend) => {
    let repo: StoryRepo;
    let heads: Record<'A' | 'B' | 'C' | 'D', string>;
    let mainBefore: string;
    let planned: string[] = [];
    let performed: string[] = [];

    beforeAll(async () => {
      repo = await createStoryRepo({ backend, origin: true });
      heads = startFourRequests(repo);
      mainBefore = repo.sha('main');
    }, 180_000);
    afterAll(async () => repo?.remove());

    it('puts A, B, C, D on test: one first-parent merge per request, with trailers', () => {
      const result = repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
      expect(result.stdout).toContain('Promoted A, B, C, D to test.');
      const merges = repo.firstParents('env/test', 'main').reverse();
      expect(merges.map((merge) => merge.request)).toEqual(['A', 'B', 'C', 'D']);
      expect(merges.map((merge) => merge.parents[1])).toEqual([heads.A, heads.B, heads.C, heads.D]);
      expect(merges[0]?.parents[0]).toBe(mainBefore);
      expect(repo.originGit(['rev-parse', 'env/test'])).toBe(repo.sha('env/test'));
    });

    it('records approvals of A and C for prod', () => {
      expect(repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']).stdout).toContain(`Approved A at ${heads.A.slice(0, 7)} for prod (by Kim)`);
      repo.ok(['approve', 'C', '--for', 'prod', '--by', 'Kim']);
    });

    it('--dry-run prints the plan and changes nothing (refs, worktree, run state, origin)', () => {
      const before = repo.fingerprint();
      const originBefore = repo.originRefs();
      const result = repo.ok(['promote', 'A', 'C', '--to', 'prod', '--dry-run']);
      expect(result.stdout).toContain('Plan for "relctl promote A C --to prod" (dry run, nothing changed):');
      planned = dryRunSteps(result.stdout);
      expect(planned.slice(0, 4)).toEqual([
        `merge req/A (${heads.A.slice(0, 7)}) into main`,
        `merge req/C (${heads.C.slice(0, 7)}) into main`,
        'release A, C on main (version, changelog, changesets)',
        'tag the release on main',
      ]);
      expect(repo.fingerprint()).toBe(before);
      expect(repo.originRefs()).toBe(originBefore);
    });

    it('ships A and C: --no-ff merges of A then C with trailers, a release commit and an annotated tag v1.1.0', () => {
      const result = repo.ok(['promote', 'A', 'C', '--to', 'prod']);
      expect(result.stdout).toContain('Released v1.1.0 to prod.');
      performed = progressSteps(result.stdout);
      const [release, mergeC, mergeA, ...rest] = repo.firstParents('main', mainBefore);
      expect(rest).toEqual([]);
      expect(mergeA).toMatchObject({ request: 'A', parents: [mainBefore, heads.A] });
      expect(mergeC).toMatchObject({ request: 'C', parents: [mergeA?.sha, heads.C] });
      expect(release?.parents).toEqual([mergeC?.sha]);
      expect(release?.request).toBe('');
      expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
      expect(repo.sha('v1.1.0^{commit}')).toBe(repo.sha('main'));
      expect(JSON.parse(repo.show('main', 'package.json') ?? '{}')).toMatchObject({ version: '1.1.0' });
    });

    it('performed exactly the steps the dry run printed', () => {
      expect(planned.length).toBeGreaterThan(10);
      expect(performed).toEqual(planned);
      expect(planned.at(-1)).toBe('push to origin: main, req/B, req/D, env/test, refs/relctl/log');
    });

    it('writes a CHANGELOG of A and C only and consumes only their changesets', () => {
      const changelog = repo.show('main', 'CHANGELOG.md') ?? '';
      expect(changelog).toContain('1.1.0');
      expect(changelog).toContain('CSV export of orders');
      expect(changelog).toContain('Fix rounding in order totals');
      expect(changelog).not.toContain('New product page layout');
      expect(changelog).not.toContain('Welcome e-mail for new users');
      expect(repo.show('main', '.changeset/A.md')).toBeNull();
      expect(repo.show('main', '.changeset/C.md')).toBeNull();
      expect(repo.show('main', '.changeset/B.md')).toBeNull();
      expect(repo.show('main', '.changeset/D.md')).toBeNull();
      expect(repo.show('req/B', '.changeset/B.md')).toContain('New product page layout');
      expect(repo.show('req/D', '.changeset/D.md')).toContain('Welcome e-mail for new users');
      // The code of A and C is live; B's and D's is not.
      expect(repo.show('main', 'src/export.js')).toContain('ordersCsv');
      expect(repo.show('main', 'src/orders.js')).toContain('Math.round');
      expect(repo.show('main', 'src/products.js')).not.toContain('grid');
      expect(repo.show('main', 'src/welcome.js')).toBeNull();
    });

    it('rebuilds test as main + B + D and syncs req/B and req/D with main', () => {
      const merges = repo.firstParents('env/test', 'main').reverse();
      expect(merges.map((merge) => merge.request)).toEqual(['B', 'D']);
      expect(merges[0]?.parents).toEqual([repo.sha('main'), repo.sha('req/B')]);
      expect(merges[1]?.parents).toEqual([merges[0]?.sha, repo.sha('req/D')]);
      for (const id of ['B', 'D'] as const) {
        expect(repo.isAncestor('main', `req/${id}`), `main in req/${id}`).toBe(true);
        expect(repo.isAncestor(heads[id], `req/${id}`), `req/${id} kept its work`).toBe(true);
        expect(repo.isAncestor(`req/${id}`, 'main'), `req/${id} not shipped`).toBe(false);
      }
      expect(repo.show('req/B', 'src/export.js')).toContain('ordersCsv');
      expect(repo.show('req/D', 'src/orders.js')).toContain('Math.round');
      expect(repo.show('env/test', 'src/products.js')).toContain('grid');
      expect(repo.show('env/test', 'src/welcome.js')).toContain('Welcome');
      // A and C are untouched.
      expect(repo.sha('req/A')).toBe(heads.A);
      expect(repo.sha('req/C')).toBe(heads.C);
    });

    it('brings the checked-out main along and leaves the worktree clean', () => {
      expect(repo.git(['rev-parse', 'HEAD'])).toBe(repo.sha('main'));
      expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
    });

    it('status --json shows A and C shipped, B and D in test', () => {
      const status = JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
      const row = (id: string) => status.requests.find((candidate) => candidate.id === id);
      expect(status.requests.map((candidate) => candidate.id).sort()).toEqual(['A', 'B', 'C', 'D']);
      expect([row('A')?.shipped, row('C')?.shipped, row('B')?.shipped, row('D')?.shipped]).toEqual([true, true, false, false]);
      expect(row('B')?.envs['test']).toMatchObject({ state: 'in', sha: repo.sha('req/B') });
      expect(row('D')?.envs['test']).toMatchObject({ state: 'in', sha: repo.sha('req/D') });
      expect(row('A')?.envs['test']?.state).toBe('absent');
      expect(row('A')?.envs['prod']?.state).toBe('in');
      expect(row('C')?.envs['prod']?.state).toBe('in');
      expect(row('B')?.envs['prod']?.state).toBe('absent');
      const prod = status.environments.find((env) => env.name === 'prod');
      expect(prod).toMatchObject({ tip: repo.sha('main'), version: '1.1.0' });
      expect(status.environments.find((env) => env.name === 'test')).toMatchObject({ tip: repo.sha('env/test'), requestCount: 2 });
    });

    it('log --json has every event of the story, newest first', () => {
      const events = JSON.parse(repo.ok(['log', '--json']).stdout) as EventJson[];
      expect(events.map((event) => `${event.type} ${event.env ?? '-'} ${(event.requestIds ?? []).join(',')}`)).toEqual([
        'promoted test B,D',
        'synced prod B,D',
        'released prod A,C',
        'promoted prod A,C',
        'approved prod C',
        'approved prod A',
        'promoted test A,B,C,D',
        'request-created - D',
        'request-created - C',
        'request-created - B',
        'request-created - A',
      ]);
      const released = events.find((event) => event.type === 'released');
      expect(released?.sha).toBe(repo.sha('main'));
      expect(released?.data).toMatchObject({ version: '1.1.0' });
      expect(events.find((event) => event.type === 'approved' && event.requestIds?.includes('A'))?.sha).toBe(heads.A);
    });

    it('leaves origin with the same main, env/test, request branches, tags and refs/relctl/log', () => {
      expect(repo.originRefs()).toBe(repo.sharedRefs());
      expect(repo.originRefs()).toContain('refs/tags/v1.1.0 ');
      expect(repo.originRefs()).toContain('refs/relctl/log ');
    });
  });
