import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitResult } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Several CLI runs per test, each starting node: give a loaded machine room.
const SLOW = { timeout: 120_000 };
import { createStoryRepo, type Backend, type StoryRepo } from './story-repo.js';

const changeset = (id: string, bump: string, text: string) => ({ [`.changeset/${id}.md`]: `---\n"shop-web": ${bump}\n---\n\n${text}\n` });

/** Give production only these rules (committed on main, as a team would). */
function setProdRules(repo: StoryRepo, rules: string[]): void {
  const file = join(repo.dir, 'relctl.config.yaml');
  const config = repo.show('main', 'relctl.config.yaml') ?? '';
  const start = config.indexOf('    rules:\n      - tested-in');
  expect(start).toBeGreaterThan(0);
  writeFileSync(file, `${config.slice(0, start)}    rules:\n${rules.map((rule) => `      - ${rule}\n`).join('')}`);
  repo.git(['commit', '-q', '-am', `prod rules: ${rules.join(', ')}`]);
}

/** A request made by hand: branch from main, its changeset and work in one commit. */
function handRequest(repo: StoryRepo, id: string, files: Record<string, string>, bump = 'minor'): string {
  repo.git(['branch', `req/${id}`, 'main']);
  return repo.commitOn(`req/${id}`, `Work on ${id}`, { ...changeset(id, bump, `Change ${id}`), ...files });
}

interface CandidateJson {
  candidate: string;
  branch: string;
  commit: string | null;
  tree: string;
  base: string;
  requestIds: string[];
  added: string[];
  version: string | null;
}

describe.each<Backend>(['isomorphic', 'system'])('a candidate is what production gets (%s backend)', SLOW, (backend) => {
  let repo: StoryRepo;
  beforeAll(async () => {
    repo = await createStoryRepo({ backend });
    setProdRules(repo, ['changeset']);
    handRequest(repo, 'A', { 'src/export.js': 'export const csv = true;\n' });
    handRequest(repo, 'B', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    handRequest(repo, 'C', { 'src/orders.js': 'export const orderTotal = () => 0;\n' }, 'patch');
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('candidate A C moves only candidate/A-C and records nothing; promoting A C gives production its tree', () => {
    const before = repo.refs();
    const json = JSON.parse(repo.ok(['candidate', 'A', 'C', '--json']).stdout) as CandidateJson;
    expect(json).toMatchObject({ candidate: 'A-C', branch: 'candidate/A-C', base: repo.sha('main'), requestIds: ['A', 'C'], version: '1.1.0' });
    expect(json.commit).toBe(repo.sha('candidate/A-C'));
    expect(json.tree).toBe(repo.sha('candidate/A-C^{tree}'));
    const added = repo
      .refs()
      .split('\n')
      .filter((line) => !before.split('\n').includes(line));
    expect(added).toEqual([`refs/heads/candidate/A-C ${json.commit}`]);
    expect(repo.refs().replace(/^refs\/heads\/candidate\/.*\n?/m, '')).toBe(before);
    // The candidate holds exactly A and C merged on main, then the release commit.
    expect(repo.firstParents('candidate/A-C', 'main').map((commit) => commit.request)).toEqual(['', 'C', 'A']);
    expect(repo.show('candidate/A-C', 'src/products.js')).not.toContain('grid');

    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    expect(repo.sha('main^{tree}')).toBe(json.tree);
    expect(repo.show('main', 'CHANGELOG.md')).toBe(repo.show('candidate/A-C', 'CHANGELOG.md'));
  });
});

describe('verified-candidate and dependency closure', SLOW, () => {
  let repo: StoryRepo;
  beforeAll(async () => {
    repo = await createStoryRepo();
    setProdRules(repo, ['changeset', 'verified-candidate']);
    handRequest(repo, 'A', { 'src/export.js': 'export const csv = true;\n' });
    handRequest(repo, 'B', { 'src/welcome.js': 'export const welcome = 1;\n' });
    handRequest(repo, 'C', { 'src/orders.js': 'export const orderTotal = () => 0;\n' }, 'patch');
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('refuses a promotion without an approved candidate (exit 3), changing nothing', () => {
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'A', 'C', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/verified-candidate +fail +no candidate holding A is approved for prod/);
    expect(repo.fingerprint()).toBe(before);
  });

  it('refuses after a new commit on a chosen request, saying which moved, changing nothing', () => {
    repo.ok(['candidate', 'A', 'C']);
    const approved = repo.ok(['approve', '--candidate', 'A-C', '--for', 'prod']);
    expect(approved.stdout).toContain(`tree ${repo.sha('candidate/A-C^{tree}')}`);
    const oldA = repo.sha('req/A');
    const newA = repo.commitOn('req/A', 'More export', { 'src/export.js': 'export const csv = "yes";\n' });
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'A', 'C', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toContain(`A moved since it was built (${oldA.slice(0, 7)} -> ${newA.slice(0, 7)})`);
    expect(repo.fingerprint()).toBe(before);
  });

  it('allows the promotion of a rebuilt, approved candidate: production fast-forwards to its merges, same tree', () => {
    repo.ok(['candidate', 'A', 'C']);
    repo.ok(['approve', '--candidate', 'A-C', '--for', 'prod']);
    const candidateMerges = repo.sha('candidate/A-C^');
    const tree = repo.sha('candidate/A-C^{tree}');
    const result = repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    expect(result.stdout).toContain('Ships approved candidate A-C');
    expect(repo.sha('main^{tree}')).toBe(tree);
    expect(repo.sha('main^')).toBe(candidateMerges);
    const log = JSON.parse(repo.ok(['log', '--json']).stdout) as Array<{ type: string; data?: Record<string, unknown> }>;
    const approvals = log.filter((event) => event.type === 'approved').map((event) => event.data);
    expect(approvals).toHaveLength(2);
    expect(approvals).toContainEqual(expect.objectContaining({ candidate: 'A-C', tree, commit: expect.any(String), shas: expect.any(Object) }));
  });

  it('says which request a subset needs to merge, and builds it with --with-deps', () => {
    // D changes a line; E is built on D (merges req/D); production changes the same line, and D
    // resolves that conflict in a sync. E alone conflicts with production; with D first it merges.
    handRequest(repo, 'D', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    repo.git(['branch', 'req/E', 'req/D']);
    repo.commitOn('req/E', 'Work on E', { ...changeset('E', 'minor', 'Change E'), 'src/e.js': 'export const e = 1;\n' });
    repo.commitOnMain('Rename the product', { 'src/products.js': "export const products = [{ id: 1, name: 'Green tea' }];\n" });
    repo.git(['switch', '-q', 'req/D']);
    expect(gitResult(repo.dir, ['merge', '-q', 'main'], { allowFailure: true }).status).not.toBe(0);
    writeFileSync(join(repo.dir, 'src/products.js'), "export const products = [{ id: 1, name: 'Green tea', layout: 'grid' }];\n");
    repo.git(['commit', '-q', '-am', 'Sync D with main']);
    repo.git(['switch', '-q', 'main']);
    repo.ok(['promote', 'D', 'E', '--to', 'test']);

    const before = repo.refs();
    const refused = repo.relctl(['candidate', 'E']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(4);
    expect(refused.stderr).toContain('E does not merge into main: conflict in src/products.js');
    expect(refused.stderr).toContain('it merges together with D from test: run "relctl candidate D E", or add --with-deps');
    expect(repo.refs()).toBe(before);

    const json = JSON.parse(repo.ok(['candidate', 'E', '--with-deps', '--json']).stdout) as CandidateJson;
    expect(json).toMatchObject({ candidate: 'E', requestIds: ['D', 'E'], added: ['D'] });
    expect(repo.show('candidate/E', 'src/products.js')).toContain("name: 'Green tea', layout: 'grid'");
  });
});
