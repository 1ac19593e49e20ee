import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOKEN } from './pr-harness.js';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{ id: string; head: string; envs: Record<string, { state: string; sha?: string; carried?: { from: string; to: string } }> }>;
  environments: Array<{ name: string; tip: string | null; staleBase?: { base: string; baseEnv: string; baseTip: string } }>;
}

interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  data?: Record<string, unknown>;
}

// prod's hotfix rules leave out tested-in (and soak-like waiting): a hotfix needs an approval, a
// release note, its dependencies and a clean merge, nothing more.
const HOTFIX_RULES = `    hotfixRules:
      - approved
      - changeset
      - depends-on
      - clean-merge
`;

// A is on test. Checkout returns 500 in production: hotfix H starts from production, goes straight
// to prod under prod's hotfix rules, and A gets the fix; then a fix pushed to main by hand leaves
// test built on an older production tip until A is synced and test rebuilt, and a hotfix shipped
// through a pull request does the same until after-merge. N, a normal request, is still held to
// the normal rules.
describe('hotfixes: request new --hotfix, hotfixRules, and test afterwards', { timeout: 120_000 }, () => {
  let repo: StoryRepo;
  let headA: string;
  let headH: string;
  const status = () => JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
  const staleBase = (env: string) => status().environments.find((item) => item.name === env)?.staleBase;
  const events = () => JSON.parse(repo.ok(['log', '--json', '--limit', '0']).stdout) as EventJson[];

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    const configPath = join(repo.dir, 'relctl.config.yaml');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain('      - clean-merge   # merges into main without conflict\n');
    writeFileSync(
      configPath,
      config.replace('      - clean-merge   # merges into main without conflict\n', `      - clean-merge   # merges into main without conflict\n${HOTFIX_RULES}`),
    );
    repo.git(['commit', '-q', '-am', 'Hotfixes need no test run, only an approval']);
    repo.git(['push', '-q', 'origin', 'main']);
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    headA = repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  it('request new --hotfix starts H from the production tip and records hotfix on its request-created event', () => {
    const prodTip = repo.sha('main');
    const result = repo.ok(['request', 'new', 'H', '--hotfix', '--title', 'Checkout returns 500', '--bump', 'patch']);
    expect(result.stdout).toContain('Created hotfix H on req/H with .changeset/H.md.');
    expect(repo.sha('req/H^')).toBe(prodTip);
    const created = events().find((event) => event.type === 'request-created' && event.requestIds?.[0] === 'H');
    expect(created?.data).toMatchObject({ title: 'Checkout returns 500', hotfix: true });
    const shown = JSON.parse(repo.ok(['request', 'show', 'H', '--json']).stdout) as { request: { hotfix?: boolean } };
    expect(shown.request.hotfix).toBe(true);
    expect(repo.ok(['request', 'show', 'H']).stdout).toMatch(/^H: Checkout returns 500 \(hotfix\)\n/);
    const plain = JSON.parse(repo.ok(['request', 'show', 'A', '--json']).stdout) as { request: { hotfix?: boolean } };
    expect(plain.request.hotfix).toBeUndefined();
    // status marks it too: the table after its title, --json with hotfix (the board shows the same).
    expect(repo.ok(['status']).stdout).toMatch(/^H +Checkout returns 500 \(hotfix\) /m);
    expect(repo.ok(['status']).stdout).toMatch(/^A +CSV export of orders +in/m);
    const rows = status().requests as Array<{ id: string; hotfix?: boolean }>;
    expect(rows.filter((row) => row.hotfix === true).map((row) => row.id)).toEqual(['H']);
    headH = repo.commitOn('req/H', 'Guard the empty cart', {
      'src/orders.js': 'export function orderTotal(order) {\n  return (order.items ?? []).reduce((sum, item) => sum + item.price, 0);\n}\n',
    });
  });

  it('overriding tested-in for a hotfix is a usage error (exit 2): hotfix rules do not have it; nothing changes', () => {
    repo.ok(['approve', 'H', '--for', 'prod', '--by', 'Kim']);
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'H', '--to', 'prod', '--override', 'tested-in', '--reason', 'outage']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `Cannot override "tested-in": it is not a rule that applies here (H is a hotfix, checked against prod's hotfixRules; rules that apply: approved, changeset, depends-on, clean-merge); drop the override.`,
    );
    expect(repo.fingerprint()).toBe(before);
  });

  it('H goes straight to prod under the hotfix rules (no tested-in), and the promoted event records it', () => {
    expect(repo.ok(['notes', 'H', '--to', 'prod']).stdout).toContain("Hotfix H: checked against prod's hotfix rules instead of its rules.");
    const result = repo.ok(['promote', 'H', '--to', 'prod']);
    expect(result.stdout).toContain('Rules for prod (hotfix rules for H):');
    expect(result.stdout).not.toMatch(/H\s+tested-in/);
    expect(result.stdout).toMatch(/H\s+approved\s+pass/);
    expect(repo.isAncestor(headH, 'main')).toBe(true);
    const promoted = events().find((event) => event.type === 'promoted' && event.env === 'prod');
    expect(promoted).toMatchObject({ requestIds: ['H'], data: { hotfixRules: ['H'] } });
    const log = repo.ok(['log', '--limit', '0']).stdout;
    expect(log).toMatch(/promoted\s+.*\s+H\s+prod\s+-\s+hotfix rules for H/);
    expect(log).toMatch(/request-created\s+.*\s+H\s+-\s+\w+\s+Checkout returns 500; hotfix/);
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });

  it('the release synced A and rebuilt test on the new production tip: test has the fix, no stale base', () => {
    expect(repo.isAncestor('main', 'req/A')).toBe(true);
    expect(repo.isAncestor('main', 'env/test')).toBe(true);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['A']);
    expect(staleBase('test')).toBeUndefined();
    expect(repo.ok(['status']).stdout).not.toContain('warning:');
  });

  it('a fix pushed to main by hand leaves test on an older production tip: status warns, --json has staleBase', () => {
    const built = repo.git(['rev-parse', 'env/test~1']);
    const tip = repo.commitOnMain('Hotfix by hand: sender address', { 'src/mail.js': "export const sender = 'shop@example.org';\n" });
    expect(staleBase('test')).toEqual({ base: built, baseEnv: 'prod', baseTip: tip });
    expect(staleBase('prod')).toBeUndefined();
    expect(repo.ok(['status']).stdout).toContain(
      `  warning: env/test is built on ${built.slice(0, 7)}, not on prod's tip ${tip.slice(0, 7)}; "relctl sync", then "relctl promote <ids> --to test", rebuilds it on the tip.\n`,
    );
  });

  it('relctl sync brings the fix into A (test holds the synced-from head: carried); promoting A to test again rebuilds test on the tip', () => {
    repo.ok(['sync']);
    expect(repo.isAncestor('main', 'req/A')).toBe(true);
    // The sync is a clean merge of production: what test holds still counts for the new head (issue 18 §1).
    expect(status().requests.find((row) => row.id === 'A')?.envs['test']).toMatchObject({ state: 'in', carried: { to: repo.sha('req/A') } });
    expect(staleBase('test')).toBeDefined();
    repo.ok(['promote', 'A', '--to', 'test']);
    expect(staleBase('test')).toBeUndefined();
    expect(repo.git(['rev-parse', 'env/test^1'])).toBe(repo.sha('main'));
    expect(status().requests.find((row) => row.id === 'A')?.envs['test']?.state).toBe('in');
    expect(repo.isAncestor(headA, 'env/test')).toBe(true);
  });

  it('a hotfix shipped through a pull request: from the merge until after-merge, test is on an older production tip', () => {
    repo.ok(['request', 'new', 'H2', '--hotfix', '--title', 'Sender address']);
    repo.commitOn('req/H2', 'Fix the sender', { 'src/mail.js': "export const sender = 'orders@example.org';\n" });
    repo.ok(['approve', 'H2', '--for', 'prod', '--by', 'Kim']);
    const before = repo.sha('main');
    repo.ok(['promote', 'H2', '--to', 'prod', '--via-pr'], NO_TOKEN);
    const branch = repo.git(['for-each-ref', '--format=%(refname:short)', 'refs/heads/relctl-promote/']);
    expect(branch).toMatch(/^relctl-promote\/1\.0\.\d+$/);
    const prepared = events().find((event) => event.type === 'promoted' && event.env === 'prod');
    expect(prepared).toMatchObject({ requestIds: ['H2'], data: { viaPr: true, hotfixRules: ['H2'] } });
    // The pull request is merged by fast-forward on origin; this clone pulls it.
    const release = repo.sha(branch);
    repo.originGit(['update-ref', 'refs/heads/main', release, before]);
    repo.git(['pull', '--ff-only', '-q', 'origin', 'main']);
    expect(staleBase('test')).toEqual({ base: before, baseEnv: 'prod', baseTip: release });
    repo.ok(['after-merge'], NO_TOKEN);
    expect(staleBase('test')).toBeUndefined();
    expect(repo.isAncestor(release, 'req/A')).toBe(true);
  });

  it('a normal request is still held to the normal rules: approved but not on test, N is denied by tested-in (exit 3)', () => {
    repo.ok(['request', 'new', 'N', '--title', 'New footer']);
    repo.commitOn('req/N', 'New footer', { 'src/footer.js': 'export const footer = true;\n' });
    repo.ok(['approve', 'N', '--for', 'prod', '--by', 'Kim']);
    const before = repo.fingerprint();
    const result = repo.relctl(['promote', 'N', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toContain('Rules for prod:\n');
    expect(result.stdout).toMatch(/N\s+tested-in\s+fail/);
    expect(repo.fingerprint()).toBe(before);
  });
});
