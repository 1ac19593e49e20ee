import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{
    id: string;
    head: string;
    shipped: boolean;
    envs: Record<string, { state: string; sha?: string; carried?: { from: string; to: string } }>;
    approvals: Record<string, Array<{ sha: string; by: string; fresh: boolean; carried?: { from: string; to: string } }>>;
  }>;
}

const short = (sha: string): string => sha.slice(0, 7);

// The seed's story, with sticky approvals: A, B, C and D are tested and approved for prod; A and C
// ship, which syncs B and D; production moves again and "relctl sync" brings it into B and D;
// B ships on the approval it had, carried across both syncs; then D's developer commits once
// more, which ends D's carry.
describe('sticky approvals across a sync (the seed story)', () => {
  let repo: StoryRepo;
  const approved: Record<string, string> = {};
  const status = (): StatusJson => JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
  const row = (id: string) => status().requests.find((candidate) => candidate.id === id);

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    const files: Record<string, Record<string, string>> = {
      A: { 'src/orders.js': 'export function orderTotal(order) {\n  return order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n' },
      B: { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" },
      C: { 'src/export.js': 'export const csv = true;\n' },
      D: { 'src/mail.js': "export const sender = 'hello@example.com';\n" },
    };
    for (const id of ['A', 'B', 'C', 'D']) {
      repo.ok(['request', 'new', id, '--title', `Request ${id}`]);
      approved[id] = repo.commitOn(`req/${id}`, `Change ${id}`, files[id] ?? {});
    }
    repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
    for (const id of ['A', 'B', 'C', 'D']) repo.ok(['approve', id, '--for', 'prod', '--by', 'Kim']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  it('A and C ship; the release syncs B and D, and their approvals carry to the synced heads', () => {
    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    repo.git(['fetch', '-q', 'origin']);
    const b = row('B');
    expect(b?.head).not.toBe(approved['B']);
    expect(repo.firstParents(b?.head ?? '', approved['B'] ?? '')).toHaveLength(1);
    expect(b?.approvals['prod']).toEqual([expect.objectContaining({ sha: approved['B'], by: 'Kim', fresh: true, carried: { from: approved['B'], to: b?.head } })]);
    expect(b?.envs['test']).toMatchObject({ state: 'in', sha: b?.head });
    const table = repo.ok(['status']).stdout;
    expect(table).toContain(`prod: Kim, carried across sync ${short(approved['B'] ?? '')} → ${short(b?.head ?? '')}`);
    expect(table).not.toContain('(stale)');
  });

  it('production moves again and "relctl sync" brings it into B and D: the carry goes on across both syncs', () => {
    const tested = row('B')?.head ?? '';
    repo.commitOnMain('Fix the README', { 'README.md': '# shop-web, the tea shop\n' });
    repo.ok(['sync']);
    const b = row('B');
    expect(b?.head).not.toBe(tested);
    expect(b?.approvals['prod']).toEqual([expect.objectContaining({ fresh: true, carried: { from: approved['B'], to: b?.head } })]);
    // test still holds the head of the first sync: its test record carries too.
    expect(b?.envs['test']).toMatchObject({ state: 'in', sha: tested, carried: { from: tested, to: b?.head } });
    const shown = repo.ok(['request', 'show', 'B']).stdout;
    expect(shown).toContain(`approved for prod by Kim at ${short(approved['B'] ?? '')}, carried across sync ${short(approved['B'] ?? '')} → ${short(b?.head ?? '')}`);
    expect(shown).toContain(`holds ${short(tested)}, carried across sync ${short(tested)} → ${short(b?.head ?? '')}`);
    const notes = repo.ok(['notes', 'B']).stdout;
    expect(notes).toContain('### Carried across a sync');
    expect(notes).toContain(`approved by Kim, carried across sync ${short(approved['B'] ?? '')} → ${short(b?.head ?? '')}`);
  });

  it('B ships to prod without a new approval, and the decision says the approval was carried', () => {
    const result = repo.ok(['promote', 'B', '--to', 'prod']);
    expect(result.stdout).toMatch(/B\s+approved\s+pass\s+approved for prod at \w+ by Kim, carried across sync/);
    expect(result.stdout).toMatch(/B\s+tested-in\s+pass\s+test holds B at \w+, carried across sync/);
    expect(row('B')?.shipped).toBe(true);
  });

  it("a developer commit on D ends D's carry: promotion to prod is denied (exit 3) until D is tested and approved again", () => {
    const d = repo.commitOn('req/D', 'One more thing', { 'src/mail.js': "export const sender = 'team@example.com';\n" });
    const current = row('D');
    expect(current?.head).toBe(d);
    expect(current?.approvals['prod']).toEqual([expect.objectContaining({ sha: approved['D'], fresh: false })]);
    expect(current?.approvals['prod']?.[0]?.carried).toBeUndefined();
    expect(current?.envs['test']?.state).toBe('stale');
    expect(repo.ok(['status']).stdout).toContain('prod: Kim (stale)');
    const before = repo.fingerprint();
    const denied = repo.relctl(['promote', 'D', '--to', 'prod']);
    expect(denied.code, denied.stdout + denied.stderr).toBe(3);
    expect(denied.stdout).toMatch(/D\s+approved\s+fail/);
    expect(denied.stdout).toMatch(/D\s+tested-in\s+fail/);
    expect(denied.stdout).toContain(`no carry past ${short(d)}: it is a commit of its own, not a sync`);
    expect(repo.fingerprint()).toBe(before);
    repo.ok(['promote', 'D', '--to', 'test']);
    repo.ok(['approve', 'D', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'D', '--to', 'prod']);
  });
});

// carry: none on prod keeps today's behaviour: a sync makes approvals and the test record stale.
describe('carry: none', () => {
  let repo: StoryRepo;
  let approvedHead: string;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'B', '--title', 'Grid layout']);
    approvedHead = repo.commitOn('req/B', 'Grid layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    repo.ok(['promote', 'B', '--to', 'test']);
    repo.ok(['approve', 'B', '--for', 'prod', '--by', 'Kim']);
    const config = repo.show('main', 'relctl.config.yaml') ?? '';
    expect(config).toContain('    source: test\n');
    repo.commitOnMain('No carry-over for prod', { 'relctl.config.yaml': config.replace('    source: test\n', '    source: test\n    carry: none\n') });
    repo.ok(['sync', 'B']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  it('shows the approval stale after the sync and denies the promotion (exit 3), changing nothing', () => {
    const row = (JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson).requests.find((candidate) => candidate.id === 'B');
    expect(row?.head).not.toBe(approvedHead);
    expect(row?.approvals['prod']).toEqual([expect.objectContaining({ sha: approvedHead, fresh: false })]);
    expect(row?.envs['test']).toMatchObject({ state: 'stale', sha: approvedHead });
    expect(repo.ok(['status']).stdout).toContain('prod: Kim (stale)');
    const before = repo.fingerprint();
    const denied = repo.relctl(['promote', 'B', '--to', 'prod']);
    expect(denied.code, denied.stdout + denied.stderr).toBe(3);
    expect(denied.stdout).toMatch(/B\s+approved\s+fail/);
    expect(repo.fingerprint()).toBe(before);
  });
});
