import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, dryRunSteps, startFourRequests, type StoryRepo } from './story-repo.js';

// Several CLI runs per test, each starting node: give a loaded machine room.
const SLOW = { timeout: 180_000 };

interface LoggedEvent {
  type: string;
  env?: string;
  sha?: string;
  requestIds?: string[];
  data?: Record<string, unknown>;
}

/** Give production only these rules (committed on main, as a team would). */
function setProdRules(repo: StoryRepo, rules: string[]): void {
  const config = repo.show('main', 'relctl.config.yaml') ?? '';
  const start = config.indexOf('    rules:\n      - tested-in');
  expect(start).toBeGreaterThan(0);
  writeFileSync(join(repo.dir, 'relctl.config.yaml'), `${config.slice(0, start)}    rules:\n${rules.map((rule) => `      - ${rule}\n`).join('')}`);
  repo.git(['commit', '-q', '-am', `prod rules: ${rules.join(', ')}`]);
}

const short = (sha: string): string => sha.slice(0, 7);

describe('promotion fast-forwards production to the approved candidate (verified-candidate)', SLOW, () => {
  let repo: StoryRepo;
  beforeAll(async () => {
    repo = await createStoryRepo();
    setProdRules(repo, ['changeset', 'verified-candidate']);
    startFourRequests(repo);
    repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  it('refuses after a new commit on A: the tree differs from the approved one, nothing changes', () => {
    repo.ok(['candidate', 'A', 'C']);
    const approvedTree = repo.sha('candidate/A-C^{tree}');
    repo.ok(['approve', '--candidate', 'A-C', '--for', 'prod']);
    const oldA = repo.sha('req/A');
    const newA = repo.commitOn('req/A', 'Quote CSV fields', { 'src/export.js': 'export const ordersCsv = (orders) => orders.map((o) => `"${o}"`).join("\\n");\n' });
    const before = repo.fingerprint();
    const refused = repo.relctl(['promote', 'A', 'C', '--to', 'prod']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(3);
    expect(refused.stdout).toContain(`not tree ${short(approvedTree)} of approved candidate A-C: A moved since it was built (${short(oldA)} -> ${short(newA)})`);
    expect(repo.fingerprint()).toBe(before);
  });

  it('with the same tree but production moved since the candidate was cut: merges and releases anew, saying why', () => {
    repo.ok(['candidate', 'A', 'C']);
    repo.ok(['approve', '--candidate', 'A-C', '--for', 'prod']);
    const base = repo.sha('main');
    repo.git(['commit', '-q', '--allow-empty', '-m', 'An empty commit on main: its tree does not change']);
    const before = repo.fingerprint();
    const dry = repo.ok(['promote', 'A', 'C', '--to', 'prod', '--dry-run']);
    expect(dry.stdout).toMatch(/verified-candidate +pass/);
    expect(dry.stdout).toContain(`note: No fast-forward to approved candidate A-C: main moved since it was built (${short(base)} -> ${short(repo.sha('main'))})`);
    const steps = dryRunSteps(dry.stdout);
    expect(steps.some((line) => line.startsWith('fast-forward'))).toBe(false);
    expect(steps.filter((line) => / into main$/.test(line))).toHaveLength(2);
    expect(repo.fingerprint()).toBe(before);
  });

  it('--dry-run shows the fast-forward to the candidate and changes nothing', () => {
    repo.ok(['candidate', 'A', 'C']);
    repo.ok(['approve', '--candidate', 'A-C', '--for', 'prod']);
    const candidate = repo.sha('candidate/A-C');
    const before = repo.fingerprint();
    const dry = repo.ok(['promote', 'A', 'C', '--to', 'prod', '--dry-run']);
    const steps = dryRunSteps(dry.stdout);
    expect(steps[0]).toBe(`fast-forward to candidate ${short(candidate)}: main ships A, C as tested (same commit, same tree; its release)`);
    expect(steps[1]).toBe('tag the release on main');
    expect(steps.some((line) => / into main$/.test(line) || line.startsWith('release '))).toBe(false);
    expect(dry.stdout).toContain(`note: Ships approved candidate A-C: main fast-forwards to its release commit ${short(candidate)}`);
    // With --json: exactly one JSON document (the decision and the plan), nothing else on stdout.
    const json = JSON.parse(repo.ok(['promote', 'A', 'C', '--to', 'prod', '--dry-run', '--json']).stdout) as {
      dryRun: boolean;
      plan: { steps: Array<{ kind: string }> };
      decision: { allowed: boolean };
    };
    expect(json.dryRun).toBe(true);
    expect(json.decision.allowed).toBe(true);
    expect(json.plan.steps[0]?.kind).toBe('adopt');
    expect(repo.fingerprint()).toBe(before);
  });

  it('promote A C ships the candidate commit itself: tag on it, test rebuilt with B and D, events recorded', () => {
    const candidate = repo.sha('candidate/A-C');
    const tree = repo.sha('candidate/A-C^{tree}');
    const oldMain = repo.sha('main');
    const result = repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    expect(result.stdout).toContain('Released v1.1.0 to prod.');
    // Same commit, not only the same tree: the bytes that ship are the bytes that were tested.
    expect(repo.sha('main')).toBe(candidate);
    expect(repo.sha('main^{tree}')).toBe(tree);
    expect(repo.isAncestor(oldMain, 'main')).toBe(true);
    expect(repo.sha('v1.1.0^{commit}')).toBe(candidate);
    expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
    expect(repo.git(['tag', '-l', '--format=%(contents:subject)', 'v1.1.0'])).toMatch(/^Release 1\.1\.0 \(\d{4}-\d{2}-\d{2}\)$/);
    expect(repo.git(['tag', '-l', '--format=%(contents:body)', 'v1.1.0'])).toContain('CSV export of orders');
    expect(JSON.parse(repo.show('main', 'package.json') ?? '{}')).toMatchObject({ version: '1.1.0' });
    // Test is rebuilt on the new production tip with B then D; B and D are synced with main.
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['D', 'B']);
    expect(repo.isAncestor('main', 'env/test')).toBe(true);
    expect(repo.isAncestor('main', 'req/B')).toBe(true);
    expect(repo.isAncestor('main', 'req/D')).toBe(true);

    const log = JSON.parse(repo.ok(['log', '--json']).stdout) as LoggedEvent[];
    const prodEvents = log.filter((event) => event.env === 'prod' && event.type !== 'approved');
    expect(prodEvents.find((event) => event.type === 'promoted')).toMatchObject({
      requestIds: ['A', 'C'],
      data: { candidate: 'A-C', commit: candidate, fastForward: true },
    });
    expect(prodEvents.find((event) => event.type === 'released')).toMatchObject({ sha: candidate, data: { version: '1.1.0' } });
    expect(prodEvents.find((event) => event.type === 'synced')).toMatchObject({ requestIds: ['B', 'D'] });
    expect(log.find((event) => event.type === 'promoted' && event.env === 'test' && event.data?.['rebuild'] === true)).toMatchObject({
      requestIds: ['B', 'D'],
    });
  });
});
